import 'server-only';
// Local mode records from startup (the first readiness probe or page view, in practice): the flight recorder watches every pod and event of the current
// kubeconfig context, so history exists for pods nobody had open (the pod that crashed at 3 a.m.).
// These are the same shared caches the pod list uses (no second watch when the list is open).
// Shared modes (token) record only what users watch: there is no identity of Podscope's own to
// watch with, by design.
import { config } from '../config';
import { LOCAL } from '../auth/identity';
import { listContexts } from '../kube/clusters';
import { log } from '../log';
import { acquire } from '../watch/cache';

const g = globalThis as unknown as { __podscopeBackground?: string };

export function startBackgroundRecorder(): void {
  const cfg = config();
  if (cfg.PODSCOPE_AUTH !== 'none' || cfg.PODSCOPE_RECORDER !== 'background' || g.__podscopeBackground) return;
  const context = listContexts().current;
  if (!context) return;
  g.__podscopeBackground = context;
  watch(context, 'pods');
  watch(context, 'events');
  log.info('flight recorder watching', { context });
}

/** Held for the life of the process; a watch the API server refused (it ends) is tried again in a minute. */
function watch(context: string, resource: 'pods' | 'events'): void {
  const retry = () => {
    const t = setTimeout(() => watch(context, resource), RETRY_MS);
    t.unref?.();
  };
  try {
    acquire({ context, identity: LOCAL, resource }).reflector.onEnd(retry);
  } catch (err) {
    log.warn('flight recorder cannot watch', { context, resource, error: (err as Error).message });
    retry();
  }
}

const RETRY_MS = 60_000;
