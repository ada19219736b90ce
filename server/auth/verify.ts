import 'server-only';
// Is this identity accepted by the API server at all? Asked once per identity and context before
// Podscope starts anything on its behalf (a stream, a watch), so a made-up cookie costs one
// request a minute, not a watch per subscription retried forever. Remembered for a minute either
// way. Local mode is the kubeconfig's own user and proxy mode's user is vouched for by the proxy:
// neither is asked.
import { AppError, toAppError } from '../errors';
import { kubeConfigFor } from '../kube/clusters';
import { kubePost } from '../kube/request';
import { type Identity, identityKey } from './identity';

const TTL_MS = 60_000;
const MAX = 10_000;
const g = globalThis as unknown as {
  __podscopeVerified?: Map<string, { at: number; ok: boolean; user?: string; pending?: Promise<boolean> }>;
};
const cache = (g.__podscopeVerified ??= new Map());

/** Resolves when the API server of `context` accepts `identity`; throws 'unauthenticated' when it does not. */
export async function assertVerified(context: string, identity: Identity): Promise<void> {
  if (identity.kind !== 'token') return;
  const key = `${context}\u0000${identityKey(context, identity)}`;
  let hit = cache.get(key);
  if (!hit || Date.now() - hit.at > TTL_MS) {
    if (cache.size > MAX) cache.clear();
    const entry: { at: number; ok: boolean; pending?: Promise<boolean> } = { at: Date.now(), ok: false };
    entry.pending = ask(context, identity).then(
      (ok) => {
        entry.ok = ok;
        entry.pending = undefined;
        return ok;
      },
      (err) => {
        cache.delete(key);
        throw err;
      },
    );
    cache.set(key, (hit = entry));
  }
  const ok = hit.pending ? await hit.pending : hit.ok;
  if (!ok)
    throw new AppError(
      'unauthenticated',
      `the API server of context "${context}" does not accept your token (expired or revoked)`,
      'log in again',
    );
}

async function ask(context: string, identity: Identity): Promise<boolean> {
  try {
    await kubePost(kubeConfigFor(context, identity), '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    return true;
  } catch (err) {
    const e = toAppError(err);
    if (e.kind === 'unauthenticated') return false;
    if (e.kind === 'forbidden') return true; // authenticated, just not allowed to ask who it is
    throw e; // unreachable: not an answer about the token
  }
}
