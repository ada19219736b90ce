import 'server-only';
// GET /forward/{id}/{path}: a pod's HTTP port, through a forward the same user opened
// (portforward.ts). Served by Podscope's own Node server (server/main.ts hands these requests
// here, before Next: a download streams socket to socket instead of through web streams, about
// twice as fast), so this handler does the gate's checks itself: Podscope's own Host, a login
// (requestIdentity refuses what the gate refuses), and the forward must be the caller's own.
// Only GET and HEAD: reading /metrics or a status page is what it is for, and a pod's endpoint
// that changes state is not reachable through a link someone else sent.
// What the pod answers is data: it runs in a sandbox (no script, no access to Podscope's origin);
// the request carries none of the browser's cookies or credentials, and no Set-Cookie comes back.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { hostAllowed, hostPolicy } from '../auth/host';
import { requestIdentity } from '../auth/identity';
import { config } from '../config';
import { AppError, httpStatus, toAppError } from '../errors';
import { countUse, forwardById, openPortStream, ownedBy, relaySocketOf } from './portforward';

/** The request headers a pod's server gets: what describes the request, nothing that identifies the user to Podscope. */
const PASS_REQUEST = ['accept', 'accept-language', 'range', 'if-none-match', 'if-modified-since', 'user-agent'];
/** The response headers passed back; everything else (Set-Cookie above all) is dropped. */
const PASS_RESPONSE = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified', 'location'];
/** The sandbox a forwarded pod page runs in. */
export const FORWARD_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'";
const SECURITY_HEADERS = {
  'Content-Security-Policy': FORWARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'private, no-store',
};
const ROUTE = /^\/forward\/([A-Za-z0-9_-]{1,64})(\/[^?#]*)?(\?.*)?$/;

export const isForwardPath = (url: string | undefined) => (url ?? '').startsWith('/forward/');

function fail(res: ServerResponse, err: unknown): void {
  const e = toAppError(err);
  if (res.headersSent) return void res.destroy();
  res.writeHead(httpStatus(e.kind), { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${e.message}\n${e.hint ?? ''}\n`);
}

export async function serveForward(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (!hostAllowed(req.headers.host, hostPolicy(process.env)))
      throw new AppError('forbidden', 'Podscope does not answer for this host name');
    if (config().PODSCOPE_PORT_FORWARD !== 'on')
      throw new AppError('forbidden', 'port-forward is turned off (PODSCOPE_PORT_FORWARD=on turns it on)');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new AppError('invalid', 'a forwarded port answers GET and HEAD only');
    const m = ROUTE.exec(req.url ?? '');
    if (!m) throw new AppError('not-found', 'no such forward');
    const f = forwardById(m[1]);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const identity = f ? requestIdentity(new Request('http://podscope.invalid/', { headers }), f.context) : undefined;
    // someone else's forward (or none) answers the same 404: an id says nothing about who opened it
    if (!f || !identity || !ownedBy(f, identity))
      throw new AppError(
        'not-found',
        'no such forward, or it is not yours; it may have been closed or timed out',
        'open it again from the pod page',
      );
    // the relay thread's socket for this forward (relay-thread.ts), else a stream relayed here
    const socketPath = relaySocketOf(f);
    const conn = socketPath ? connect(socketPath) : await openPortStream(identity, f);
    const out: Record<string, string> = { host: `localhost:${f.port}`, connection: 'close' };
    for (const h of PASS_REQUEST) {
      const v = req.headers[h];
      if (typeof v === 'string') out[h] = v;
    }
    const upstream = http.request({
      method: req.method,
      path: `${m[2] ?? '/'}${m[3] ?? ''}`,
      headers: out,
      createConnection: () => conn as never,
      timeout: 30_000,
    });
    upstream.on('timeout', () => upstream.destroy(new AppError('unavailable', `the pod's port ${f.port} did not answer in 30 s`)));
    upstream.on('error', (e) =>
      fail(res, e instanceof AppError ? e : new AppError('unavailable', `the pod's port ${f.port} failed: ${e.message}`)),
    );
    upstream.on('response', (answer) => {
      const pass: Record<string, string> = { ...SECURITY_HEADERS };
      for (const h of PASS_RESPONSE) {
        const v = answer.headers[h];
        if (typeof v === 'string') pass[h] = v;
      }
      res.writeHead(answer.statusCode ?? 502, pass);
      if (!socketPath) {
        let bytes = 0;
        answer.on('data', (c: Buffer) => (bytes += c.length));
        answer.on('end', () => countUse(f, bytes));
      }
      answer.pipe(res);
      res.on('close', () => answer.destroy());
    });
    upstream.end();
  } catch (err) {
    fail(res, err);
  }
}

/** Registers the hook server/main.ts calls for /forward/… requests. */
export function registerForwardHttp(): void {
  (globalThis as { __podscopeForward?: typeof serveForward }).__podscopeForward = serveForward;
}
