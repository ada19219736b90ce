import 'server-only';
// Per cluster: is it reachable, what version is it, and who are we to it (SelfSubjectReview).
import type { ClusterInfo, ClustersResponse } from '@/lib/api/clusters';
import { toAppError } from '../errors';
import { identityKey, kubeConfigFor, listContexts } from './clusters';
import { type Identity, LOCAL, type Principal } from './identities';
import { config } from '../config';
import { kubeGet, kubePost } from './request';

export type { ClusterInfo };

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
      const review = await kubePost<{ status?: { userInfo?: { username?: string; groups?: string[] } } }>(
        kc,
        '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      );
      user = review.status?.userInfo?.username;
      groups = review.status?.userInfo?.groups;
    } catch {
      /* older clusters or no permission: identity unknown, cluster still reachable */
    }
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

/**
 * Every context as `who` sees it. In token mode a context without a login is listed but never
 * contacted: a token goes only to the API server it was checked against. The kubeconfig's file
 * paths are shown only in local mode (a shared install's users have no business with them).
 */
export async function clustersFor(who: Principal): Promise<ClustersResponse> {
  const reg = listContexts();
  const local = config().PODSCOPE_AUTH === 'none';
  const clusters = await Promise.all(
    reg.contexts.map(async (c): Promise<ClusterInfo> => {
      let identity: Identity;
      try {
        identity = who.identityFor(c.name);
      } catch {
        return {
          context: c.name,
          server: c.server,
          reachable: false,
          loggedIn: false,
          error: {
            kind: 'unauthenticated',
            message: 'not logged in to this context',
            hint: `open /login?context=${encodeURIComponent(c.name)}`,
          },
          checkedAt: Date.now(),
        };
      }
      return { ...(await clusterInfo(c.name, 5000, identity)), ...(config().PODSCOPE_AUTH === 'token' ? { loggedIn: true } : {}) };
    }),
  );
  return {
    current: reg.current,
    clusters,
    ...(local ? { problem: reg.problem, sources: reg.sources } : { problem: reg.problem ? 'no usable cluster is configured' : undefined }),
  };
}

/** Who the API server says this identity is, for audit lines; "unknown" when it cannot say. */
export async function whoIs(context: string, identity: Identity): Promise<string> {
  return (await clusterInfo(context, 5000, identity).catch(() => ({ user: undefined }))).user ?? 'unknown';
}
