// Podscope's HTTP server: Next.js behind a thin Node server of its own, run with
// `node server/main.ts [--hostname 127.0.0.1] [--port 3000]` (npm start, scripts/demo.sh, the
// container image). It exists for what Next's route handlers cannot see or do: the listening
// port (the Host check compares against it) and each request's peer address (per-client limits).
// Plain Node (type-stripped TypeScript, relative imports only): it runs before Next is loaded.
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import next from 'next';
import { checkBindHost } from './bind-guard.ts';
import { PEER_HEADER, markServedByPodscope } from './http/peer.ts';

// With port-forward on, Buffers (every chunk a socket reads) count towards V8's heap limits instead
// of starting a full mark of the old heap (all of Next's ~90 MB) for every 64 MB of them: an HTTP
// forward streaming 200 MiB/s otherwise spends half a core on those marks (measured with
// bench/debug-loop.ts: 150 → 220 MiB/s; the process's RSS after the downloads was ~70 MB higher,
// so it is not turned on for servers that do not forward).
if (process.env.PODSCOPE_PORT_FORWARD === 'on') setFlagsFromString('--external-memory-accounted-in-global-limit');

const { values } = parseArgs({ options: { hostname: { type: 'string', short: 'H' }, port: { type: 'string', short: 'p' } } });
const hostname = values.hostname ?? process.env.PODSCOPE_HOST ?? '127.0.0.1';
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`podscope: --port must be a port number, not "${values.port ?? process.env.PORT}"`);
  process.exit(2);
}
try {
  checkBindHost(hostname, process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
// (where the port-forward relay's thread file is, server/exec/relay-thread.ts: outside Next's bundles)
(globalThis as { __podscopeServerDir?: string }).__podscopeServerDir = dirname(fileURLToPath(import.meta.url));
// (Next attaches its own upgrade handler, for development's hot reload, to the server it is given or
// else to the first request's server, where it would end our shells' upgrades before they are
// checked: it gets a server that never listens)
const app = next({ dev: false, dir, hostname, port, httpServer: createServer() });
const handle = app.getRequestHandler();
await app.prepare();
markServedByPodscope();

const server = createServer((req, res) => {
  // the peer as this server saw it; a client's own header of that name never gets through
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  // a pod's forwarded HTTP port streams socket to socket (server/exec/forward-http.ts), not through Next
  const forward = (globalThis as { __podscopeForward?: (q: typeof req, r: typeof res) => Promise<void> }).__podscopeForward;
  if (forward && req.url?.startsWith('/forward/')) return void forward(req, res);
  void handle(req, res);
});
// WebSocket upgrades (a shell in a container) go to Podscope's router (server/upgrade.ts, set up
// by the app's startup); without it, or for any other path, the socket is closed.
server.on('upgrade', (req, socket, head) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  const route = (globalThis as { __podscopeUpgrade?: (r: typeof req, s: typeof socket, h: Buffer) => void }).__podscopeUpgrade;
  if (!route) {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  socket.on('error', () => socket.destroy());
  route(req, socket, head);
});
/** A JSON log line in the app logger's shape (the app's logger lives inside Next's bundles). */
const logLine = (level: 'info' | 'error', msg: string, extra: Record<string, unknown> = {}) =>
  (level === 'error' ? console.error : console.log)(JSON.stringify({ time: new Date().toISOString(), level, msg, ...extra }));

// SIGTERM (a rollout, an eviction, Ctrl-C): stop accepting, end the streams, stop the watches,
// commit the recorder's queued writes (server/shutdown.ts, through its global hook), exit; all
// well inside a Pod's default 30 s grace. Open event streams would otherwise hold a graceful
// close open until SIGKILL, with the queued writes in memory.
const SHUTDOWN_DEADLINE_MS = 4000;
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  const t = Date.now();
  logLine('info', 'podscope stopping', { signal });
  setTimeout(() => {
    logLine('error', 'podscope: shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  server.close();
  try {
    await (globalThis as { __podscopeShutdown?: () => Promise<void> }).__podscopeShutdown?.();
  } catch (err) {
    logLine('error', 'podscope: shutdown failed', { error: String(err) });
  }
  server.closeAllConnections();
  logLine('info', 'podscope exiting', { ms: Date.now() - t });
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

server.listen(port, hostname, () => {
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  // the Host check (server/http/host.ts) accepts loopback names only with the port served here
  process.env.PORT = String(actual);
  logLine('info', 'podscope listening', { url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${actual}` });
});
