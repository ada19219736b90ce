import 'server-only';
// Runs once when the server starts (instrumentation.ts): plugs the side systems into the core.
// The flight recorder gets the watch cache's start hook, the usage poller's samples and a way to
// hold the background watches and poller.
import { LOCAL } from './auth/identity';
import { startRecorder } from './recorder';
import { registerShutdown } from './shutdown';
import { startAnnouncing } from './stream/replicas';
import { registerForwardHttp } from './exec/forward-http';
import { registerUpgrade } from './upgrade';
import { acquireUsage, onUsageSampled } from './usage/poller';
import { acquire, onWatchStarted } from './watch/cache';

export function startPodscope(): void {
  registerShutdown();
  registerUpgrade();
  registerForwardHttp();
  startAnnouncing();
  startRecorder({
    onWatchStarted,
    hold: (context, resource) => {
      const { reflector, release } = acquire({ context, identity: LOCAL, resource });
      return { onEnd: (cb) => reflector.onEnd(cb), release };
    },
    onUsageSampled,
    // (a little after it starts: the first seconds belong to the first page's lists)
    holdUsage: (context) => {
      let release: (() => void) | undefined;
      const timer = setTimeout(() => (release = acquireUsage({ context, identity: LOCAL }).release), 15_000);
      timer.unref?.();
      return () => {
        clearTimeout(timer);
        release?.();
      };
    },
  });
}
