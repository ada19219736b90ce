import 'server-only';
// Before a subscriber gets data from a watch cache, the API server is asked whether this identity
// may list and watch that resource there now (SelfSubjectAccessReview). A shared cache keeps
// streaming what it listed until its watch ends, so without this a RoleBinding deleted a minute
// ago would still let a new stream read the cache. Answers are remembered for 10 s.
import { RESOURCES, type ResourceName } from '@/lib/k8s/resources';
import { AppError, toAppError } from '../errors';
import { clusterInfo } from '../kube/info';
import { log } from '../log';
import { allowed } from './access';
import { type Identity, identityKey } from './identity';

const TTL_MS = 10_000;
const g = globalThis as unknown as { __podscopeWatchAccess?: Map<string, { at: number; ok: Promise<boolean> }> };
const cache = (g.__podscopeWatchAccess ??= new Map());

export async function assertMayWatch(context: string, identity: Identity, resource: ResourceName, namespace?: string): Promise<void> {
  const r = RESOURCES[resource];
  const ns = r.namespaced ? (namespace ?? '') : '';
  const key = [context, identityKey(context, identity), resource, ns].join('\u0000');
  let hit = cache.get(key);
  if (!hit || Date.now() - hit.at > TTL_MS) {
    if (cache.size > 10_000) cache.clear();
    const ask = (verb: string) => allowed(context, identity, { namespace: ns, verb, group: r.group, resource: r.plural });
    const ok = Promise.all([ask('list'), ask('watch')]).then(
      ([l, w]) => l && w,
      (err) => {
        // the API server did not answer: the cache is this identity's own, and its watch goes on
        // under the same RBAC; refusing would only blank the page during an outage
        cache.delete(key);
        log.warn('access check failed; allowing the subscription', { resource, namespace: ns, error: toAppError(err).message });
        return true;
      },
    );
    cache.set(key, (hit = { at: Date.now(), ok }));
  }
  if (!(await hit.ok)) {
    // worded as the API server words its own refusals (apiserver's forbiddenMessage)
    const user = (await clusterInfo(context, 30_000, identity)).user;
    const scope = ns ? `in the namespace "${ns}"` : 'at the cluster scope';
    throw new AppError(
      'forbidden',
      `${r.plural}${r.group ? `.${r.group}` : ''} is forbidden: ${user ? `User "${user}" ` : ''}cannot list resource "${r.plural}" in API group "${r.group}" ${scope}`,
      `ask for list and watch on ${r.plural}${ns ? ` in ${ns}` : ' in all namespaces'}`,
    );
  }
}
