import 'server-only';
// Runs once when the server starts (instrumentation.ts): plugs the side systems into the core.
// The flight recorder gets the watch cache's start hook, the usage poller's samples and a way to
// hold the background watches and poller.
import { LOCAL } from './auth/identity';
import { startRecorder } from './recorder';
import { registerShutdown } from './shutdown';
import { registerForwardHttp } from './exec/forward-http';
import { registerUpgrade } from './upgrade';
import { acquireUsage, onUsageSampled } from './usage/poller';
import { acquire, onWatchStarted } from './watch/cache';

export function startPodscope(): void {
  registerShutdown();
  registerUpgrade();
  registerForwardHttp();
  startRecorder({
    onWatchStarted,
    hold: (context, resource) => acquire({ context, identity: LOCAL, resource }).reflector,
    onUsageSampled,
    // (a little after startup: the first seconds belong to the first page's lists)
    holdUsage: (context) => void setTimeout(() => acquireUsage({ context, identity: LOCAL }), 15_000).unref?.(),
  });
}
