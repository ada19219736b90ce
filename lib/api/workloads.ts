// The contract of GET /api/c/{context}/w/{namespace}/{kind}/{name}/logs: a workload's merged logs
// as Server-Sent Events (server/logs/merged.ts). Messages: `hello`, `sources` (the containers
// read), `lines` (MergedWireLine[], in timestamp order; the id is the resume cursor), `state`
// (live / reconnecting), `unavailable` (the stream ends).
import { z } from 'zod';
import { MAX_MERGED_CURSOR } from '../logs/merged';
import { WORKLOAD_KINDS } from '../pods/workload';
import { contextName, namespaceName, objectName } from '../validation/names';

export const workloadParams = z.object({
  context: contextName,
  namespace: namespaceName,
  kind: z
    .string()
    .transform((s) => WORKLOAD_KINDS.find((k) => k.toLowerCase() === s.toLowerCase()))
    .pipe(z.enum(WORKLOAD_KINDS, { error: `must be one of ${WORKLOAD_KINDS.join(', ').toLowerCase()}` })),
  name: objectName,
});

export const mergedLogQuery = z
  .object({
    tail: z.coerce.number().int().min(1).max(10_000).default(100),
    after: z.string().max(MAX_MERGED_CURSOR).optional(),
  })
  .strict();

export const mergedLines = z.array(
  z.union([z.tuple([z.string(), z.string(), z.string()]), z.tuple([z.string(), z.string(), z.string(), z.literal('marker')])]),
);
export const mergedSources = z.object({
  sources: z.array(z.object({ key: z.string(), pod: z.string(), container: z.string(), phase: z.string() })),
  skipped: z.number(),
});
export type MergedSources = z.infer<typeof mergedSources>;
