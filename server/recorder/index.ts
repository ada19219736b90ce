import 'server-only';
// The flight recorder plugs into the watch caches at startup (server/startup.ts): every watch of
// pods or events that any view or the background recorder starts is recorded. It never imports
// server/watch; what it needs from it comes in here.
import { type HoldUsage, type HoldWatch, startBackgroundRecorder } from './background';
import { recordPodEvents } from './events';
import { recordUsage } from './store';
import type { WatchStarted } from './source';
import { recordPodTransitions } from './transitions';

export interface RecorderHooks {
  /** Calls `hook` for every watch started from now on. */
  onWatchStarted(hook: (w: WatchStarted) => void): void;
  hold: HoldWatch;
  /** Calls `hook` with every usage poll's new samples. */
  onUsageSampled(hook: (context: string, samples: Parameters<typeof recordUsage>[1]) => void): void;
  /** Keeps a usage poller running (as the local user) until released. */
  holdUsage: HoldUsage;
}

const g = globalThis as unknown as { __podscopeRecorderStarted?: boolean };

export function startRecorder(hooks: RecorderHooks): void {
  if (g.__podscopeRecorderStarted) return;
  g.__podscopeRecorderStarted = true;
  hooks.onWatchStarted(({ context, resource, source }) => {
    if (resource === 'pods') recordPodTransitions(source, context);
    if (resource === 'events') recordPodEvents(source, context);
  });
  hooks.onUsageSampled((context, samples) => recordUsage(context, samples));
  startBackgroundRecorder(hooks.hold, hooks.holdUsage);
}
