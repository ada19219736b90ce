import 'server-only';
// What the server does on SIGTERM (server/main.ts calls it through a global hook, since it runs
// outside Next's module graph): stop saying ready, end every stream (browsers reconnect, to
// another replica behind a Service, or to this one's successor), stop every watch and liveness
// probe, and commit the flight recorder's queued writes before the process exits.
import { closeAllForwards } from './exec/portforward';
import { closeAllExecSessions } from './exec/session';
import { stopBackgroundRecorder } from './recorder/background';
import { log } from './log';
import { recorderStore } from './recorder/store';
import { closeAllSessions } from './stream/sessions';
import { stopAllWatches } from './watch/cache';

const g = globalThis as unknown as { __podscopeDraining?: boolean; __podscopeShutdown?: () => Promise<void> };

/** True once shutdown began: readiness fails, so no new traffic is routed here. */
export const draining = (): boolean => g.__podscopeDraining === true;

export async function shutdownPodscope(): Promise<void> {
  if (g.__podscopeDraining) return;
  g.__podscopeDraining = true;
  const t = Date.now();
  const streams = closeAllSessions();
  closeAllExecSessions();
  closeAllForwards();
  // (the Lease given up first: another replica starts recording while this one stops)
  await stopBackgroundRecorder();
  const watches = stopAllWatches();
  // (closing the store commits every queued write first; snapshots share its one writer)
  await recorderStore().close();
  log.info('podscope stopped', { streams, watches, ms: Date.now() - t });
}

/** Registers the hook server/main.ts calls on SIGTERM/SIGINT. */
export function registerShutdown(): void {
  g.__podscopeShutdown = shutdownPodscope;
}
