import 'server-only';
// Per cluster: is it reachable, what version is it, and who are we to it (SelfSubjectReview).
import { toAppError } from '../errors';
import { type Identity, identityKey, LOCAL } from '../auth/identity';
import { kubeConfigFor, listContexts } from './clusters';
import { kubeGet, kubePost } from './request';

export interface ClusterInfo {
  context: string;
  server: string;
  reachable: boolean;
  version?: string;
  user?: string;
  groups?: string[];
  error?: { kind: string; message: string; hint?: string };
  checkedAt: number;
}

const cache = new Map<string, { at: number; info: Promise<ClusterInfo> }>();

async function probe(context: string, identity: Identity): Promise<ClusterInfo> {
  const server = listContexts().contexts.find((c) => c.name === context)?.server ?? '';
  try {
    const kc = kubeConfigFor(context, identity);
    const signal = AbortSignal.timeout(5000);
    const version = await kubeGet<{ gitVersion: string }>(kc, '/version', { signal });
    let user: string | undefined;
    let groups: string[] | undefined;
    try {
      const review = await kubePost<{ status?: { userInfo?: { username?: string; groups?: string[] } } }>(kc, '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
      user = review.status?.userInfo?.username;
      groups = review.status?.userInfo?.groups;
    } catch { /* older clusters or no permission: identity unknown, cluster still reachable */ }
    return { context, server, reachable: true, version: version.gitVersion, user, groups, checkedAt: Date.now() };
  } catch (err) {
    const e = toAppError(err);
    return { context, server, reachable: false, error: { kind: e.kind, message: e.message, hint: e.hint }, checkedAt: Date.now() };
  }
}

/** Cached for a few seconds: the start page and /readyz may ask often. */
export function clusterInfo(context: string, maxAgeMs = 5000, identity: Identity = LOCAL): Promise<ClusterInfo> {
  const key = `${context}|${identityKey(context, identity)}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < maxAgeMs) return hit.info;
  const info = probe(context, identity);
  if (cache.size > 1000) cache.clear();
  cache.set(key, { at: Date.now(), info });
  return info;
}
