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
  try {
    // acquired for the life of the process: never released
    acquire({ context, identity: LOCAL, resource: 'pods' });
    acquire({ context, identity: LOCAL, resource: 'events' });
    log.info('flight recorder watching', { context });
  } catch (err) {
    g.__podscopeBackground = undefined; // the next probe or page view tries again
    log.warn('flight recorder not started', { context, error: (err as Error).message });
  }
}
