// GET /forward/{id}/{path}: a pod's HTTP port, through a forward the same user opened
// (server/exec/portforward.ts). Only GET and HEAD: reading /metrics or a status page is what it is
// for, and a pod's endpoint that changes state is not reachable by a link someone else sent.
// What the pod answers is data: it runs in a sandbox (no script, no access to Podscope's origin);
// the request carries none of the browser's cookies or credentials, and no Set-Cookie comes back.
import http from 'node:http';
import { Readable } from 'node:stream';
import { requestIdentity } from '@/server/auth/identity';
import { config } from '@/server/config';
import { AppError } from '@/server/errors';
import { countUse, forwardById, openPortStream, ownedBy } from '@/server/exec/portforward';
import { timed } from '@/server/http/timed';

export const dynamic = 'force-dynamic';

/** The request headers a pod's server gets: what describes the request, nothing that identifies the user to Podscope. */
const PASS_REQUEST = ['accept', 'accept-language', 'range', 'if-none-match', 'if-modified-since', 'user-agent'];
/** The response headers passed back; everything else (Set-Cookie above all) is dropped. */
const PASS_RESPONSE = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified', 'location'];

type Params = { params: Promise<{ id: string; path?: string[] }> };

async function serve(request: Request, ctx: Params): Promise<Response> {
  if (config().PODSCOPE_PORT_FORWARD !== 'on')
    throw new AppError('forbidden', 'port-forward is turned off (PODSCOPE_PORT_FORWARD=on turns it on)');
  const { id, path = [] } = await ctx.params;
  const url = new URL(request.url);
  // someone else's forward (or none) answers the same 404: an id says nothing about who opened it
  const f = forwardById(id);
  const identity = f ? requestIdentity(request, f.context) : undefined;
  if (!f || !identity || !ownedBy(f, identity))
    throw new AppError(
      'not-found',
      'no such forward, or it is not yours; it may have been closed or timed out',
      'open it again from the pod page',
    );
  const target = '/' + path.map(encodeURIComponent).join('/') + (url.pathname.endsWith('/') && path.length ? '/' : '') + url.search;
  const conn = await openPortStream(identity, f);
  const headers: Record<string, string> = { host: `localhost:${f.port}`, connection: 'close' };
  for (const h of PASS_REQUEST) {
    const v = request.headers.get(h);
    if (v) headers[h] = v;
  }
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(
      { method: request.method, path: target, headers, createConnection: () => conn as never, timeout: 30_000 },
      resolve,
    );
    req.on('timeout', () => req.destroy(new AppError('unavailable', `the pod's port ${f.port} did not answer in 30 s`)));
    req.on('error', (e) =>
      reject(e instanceof AppError ? e : new AppError('unavailable', `the pod's port ${f.port} failed: ${e.message}`)),
    );
    req.end();
  });
  const out = new Headers({
    // the pod's page is data: no script runs, and it is an origin of its own (no access to Podscope's)
    'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  for (const h of PASS_RESPONSE) {
    const v = res.headers[h];
    if (typeof v === 'string') out.set(h, v);
  }
  let bytes = 0;
  res.on('data', (c: Buffer) => (bytes += c.length));
  res.on('end', () => countUse(f, bytes));
  const body = request.method === 'HEAD' ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
  return new Response(body, { status: res.statusCode ?? 502, headers: out });
}

export const GET = timed('forward', serve);
export const HEAD = timed('forward', serve);
