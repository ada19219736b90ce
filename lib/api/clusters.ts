// GET /api/clusters: every kubeconfig context with its reachability, version and who you are.
import { z } from 'zod';

export const clusterInfo = z.object({
  context: z.string(),
  server: z.string(),
  reachable: z.boolean(),
  /** token mode: false when nobody is logged in to this context (then it was not asked anything) */
  loggedIn: z.boolean().optional(),
  version: z.string().optional(),
  user: z.string().optional(),
  groups: z.array(z.string()).optional(),
  error: z.object({ kind: z.string(), message: z.string(), hint: z.string().optional() }).optional(),
  checkedAt: z.number(),
});
export type ClusterInfo = z.infer<typeof clusterInfo>;

export const clustersResponse = z.object({
  current: z.string().optional(),
  problem: z.string().optional(),
  /** the kubeconfig files read (local mode only) */
  sources: z.array(z.string()).optional(),
  clusters: z.array(clusterInfo),
});
export type ClustersResponse = z.infer<typeof clustersResponse>;
