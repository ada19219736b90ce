import 'server-only';
// Local mode records from startup: the flight recorder watches every pod and event of the
// current kubeconfig context, so history exists for pods nobody had open (the pod that crashed
// at 3 a.m.), and the Metrics API's usage every 15 s. These are the same shared caches the pod list uses (no second watch when the list
// is open). Shared modes (token, proxy) record only what users watch: there is no identity of
// Podscope's own to watch with, by design.
import { config } from '../config';
import { listContexts } from '../kube/clusters';
import { log } from '../log';

/** Holds a watch for the life of the process (as the local user); it may end if the API server refuses it. */
export type HoldWatch = (context: string, resource: 'pods' | 'events') => { onEnd(cb: () => void): void };

const RETRY_MS = 60_000;

export function startBackgroundRecorder(hold: HoldWatch, holdUsage: (context: string) => void): void {
  const cfg = config();
  if (cfg.PODSCOPE_AUTH !== 'none' || cfg.PODSCOPE_RECORDER !== 'background') return;
  const context = listContexts().current;
  if (!context) return;
  const watch = (resource: 'pods' | 'events') => {
    // a watch the API server refused ends: tried again in a minute
    const retry = () => setTimeout(() => watch(resource), RETRY_MS).unref?.();
    try {
      hold(context, resource).onEnd(retry);
    } catch (err) {
      log.warn('flight recorder cannot watch', { context, resource, error: (err as Error).message });
      retry();
    }
  };
  watch('pods');
  watch('events');
  // usage too: the pod page's chart then reaches back before anyone opened it
  holdUsage(context);
  log.info('flight recorder watching', { context });
}
