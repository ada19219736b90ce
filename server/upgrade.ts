import 'server-only';
// WebSocket upgrades: Next's route handlers cannot take over a connection, so server/main.ts
// hands every upgrade request to this router (through a global hook: main.ts runs outside Next's
// module graph). One route today, a shell in a pod's container; anything else gets 404 and the
// socket is closed.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { decodeSegment } from '@/lib/links';
import { handleExecUpgrade } from './exec/session';
import { log } from './log';

const EXEC_ROUTE = /^\/api\/c\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/exec$/;

function notFound(socket: Duplex): void {
  socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
}

export function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://podscope.invalid');
  } catch {
    return notFound(socket);
  }
  const m = EXEC_ROUTE.exec(url.pathname);
  if (!m) return notFound(socket);
  let target;
  try {
    target = { context: decodeSegment(m[1]), namespace: decodeURIComponent(m[2]), name: decodeURIComponent(m[3]) };
  } catch {
    return notFound(socket);
  }
  handleExecUpgrade(req, socket, head, target, url.searchParams).catch((err: unknown) => {
    log.error('exec upgrade failed', { error: String(err) });
    socket.destroy();
  });
}

/** Registers the hook server/main.ts calls on each upgrade request. */
export function registerUpgrade(): void {
  (globalThis as { __podscopeUpgrade?: typeof handleUpgrade }).__podscopeUpgrade = handleUpgrade;
}
