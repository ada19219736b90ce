// Port-forward against the real API server: kwok forwards a simulated pod's port to the local
// cluster's pod HTTP server (sim/pod-http.ts), so a pod's /metrics read through Podscope is a
// real HTTP answer that crossed pods/portforward. The route handlers run in-process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../local-cluster/lib/paths.ts';
import { createNamespace, eventually, kubectl, podReader } from '../support/local-cluster.ts';
import { captureLogLines } from '../support/log-lines.ts';
import { tokenCookieName } from '@/server/auth/token-cookie';

process.env.KUBECONFIG = paths.kubeconfig;
process.env.PODSCOPE_PORT_FORWARD = 'on';
const forwardsRoute = await import('@/app/api/c/[context]/pods/[namespace]/[name]/forwards/route');
const closeRoute = await import('@/app/api/c/[context]/pods/[namespace]/[name]/forwards/[id]/route');
const { serveForward } = await import('@/server/exec/forward-http');
// /forward/… is served by Podscope's own Node server before Next (server/main.ts): the same here
const server = createServer((req, res) => void serveForward(req, res));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const PORT = (server.address() as AddressInfo).port;
process.env.PORT = String(PORT);
const { config } = await import('@/server/config');

const CTX = 'podscope-local';
const NS = `podscope-pf-${Date.now().toString(36)}`;
const ORIGIN = `http://127.0.0.1:${PORT}`;
let viewerCookie = '';

const { audits } = captureLogLines();

const params = (extra: Record<string, string> = {}) => ({
  params: Promise.resolve({ context: CTX, namespace: NS, name: 'web', ...extra }),
});
const req = (method: string, headers: Record<string, string> = {}, body?: unknown) =>
  new Request(`${ORIGIN}/x`, {
    method,
    headers: { host: `127.0.0.1:${PORT}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
type Info = {
  allowed: boolean;
  csrf: string;
  tcp: boolean;
  ports: { port: number }[];
  forwards: { id: string; who: string; mine: boolean; bytes: number }[];
};
const info = async (headers: Record<string, string> = {}) =>
  (await (await forwardsRoute.GET(req('GET', headers), params())).json()) as Info;
const open = (body: unknown, csrf: string, headers: Record<string, string> = {}) =>
  forwardsRoute.POST(req('POST', { origin: ORIGIN, 'x-podscope-csrf': csrf, ...headers }, body), params());
const through = (id: string, path: string[], headers: Record<string, string> = {}) =>
  fetch(`${ORIGIN}/forward/${id}/${path.join('/')}`, { headers });

async function asViewer<T>(fn: () => Promise<T>): Promise<T> {
  (config() as { PODSCOPE_AUTH: string }).PODSCOPE_AUTH = 'token';
  try {
    return await fn();
  } finally {
    (config() as { PODSCOPE_AUTH: string }).PODSCOPE_AUTH = 'none';
  }
}

beforeAll(async () => {
  await createNamespace(NS);
  await kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'web', namespace: NS },
          spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] },
        },
      ],
    }),
  });
  viewerCookie = `${tokenCookieName(CTX)}=${encodeURIComponent(await podReader(NS))}`;
  await eventually(
    'the pod running',
    async () => (await kubectl(['-n', NS, 'get', 'pod', 'web', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running' || undefined,
    60_000,
  );
}, 120_000);

afterAll(async () => {
  server.close();
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

describe('port-forward', () => {
  it("serves the pod's HTTP port under the opener's path, as data, with none of the browser's credentials", async () => {
    const i = await info();
    expect(i).toMatchObject({ allowed: true, tcp: true, ports: [{ port: 8080 }] });
    const res = await open({ port: 8080, kind: 'http' }, i.csrf);
    expect(res.status).toBe(200);
    const f = (await res.json()) as { id: string; url: string };
    expect(f.url).toBe(`/forward/${f.id}/`);

    const metrics = await through(f.id, ['metrics']);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^http_requests_total \d+$/m);
    expect(metrics.headers.get('content-security-policy')).toMatch(/^sandbox/);

    const echo = await through(f.id, ['echo'], {
      cookie: 'podscope-token=secret-value',
      authorization: 'Bearer secret-value',
      accept: 'application/json',
    });
    const seen = (await echo.json()) as { headers: Record<string, string> };
    expect(seen.headers.accept).toBe('application/json');
    expect(JSON.stringify(seen)).not.toContain('secret-value');

    // listed, with who opened it
    expect((await info()).forwards).toEqual([expect.objectContaining({ id: f.id, who: 'podscope-admin', mine: true })]);
    // someone else may neither list nor use it
    await asViewer(async () => {
      expect((await through(f.id, ['metrics'], { cookie: viewerCookie })).status).toBe(404);
      const v = await info({ cookie: viewerCookie });
      expect(v).toMatchObject({ allowed: false, forwards: [] });
      expect((await open({ port: 8080 }, v.csrf, { cookie: viewerCookie })).status).toBe(403);
    });

    const del = await closeRoute.DELETE(req('DELETE', { origin: ORIGIN, 'x-podscope-csrf': i.csrf }), params({ id: f.id }));
    expect(del.status).toBe(200);
    expect((await through(f.id, ['metrics'])).status).toBe(404);
    expect(audits('forward open').find((a) => a.id === f.id)).toMatchObject({
      who: 'podscope-admin',
      pod: `${NS}/web`,
      port: 8080,
      kind: 'http',
    });
    const closed = audits('forward close').find((a) => a.id === f.id);
    expect(closed).toMatchObject({ reason: 'closed by the user', connections: 2 });
    expect(closed!.bytes).toBeGreaterThan(50);
  }, 60_000);

  it('a TCP port on 127.0.0.1 in local mode; refused without the CSRF token or in a shared mode', async () => {
    const i = await info();
    expect((await open({ port: 8080, kind: 'tcp' }, 'forged')).status).toBe(403);
    const res = await open({ port: 8080, kind: 'tcp' }, i.csrf);
    expect(res.status).toBe(200);
    const f = (await res.json()) as { id: string; url: string; localPort: number };
    expect(f.url).toBe(`http://127.0.0.1:${f.localPort}/`);
    const body = await (await fetch(`${f.url}metrics`)).text();
    expect(body).toMatch(/^http_requests_total \d+$/m);
    await closeRoute.DELETE(req('DELETE', { origin: ORIGIN, 'x-podscope-csrf': i.csrf }), params({ id: f.id }));
    await expect(fetch(`${f.url}metrics`)).rejects.toThrow();

    const v = await asViewer(async () => {
      const vi = await info({ cookie: viewerCookie });
      return open({ port: 8080, kind: 'tcp' }, vi.csrf, { cookie: viewerCookie });
    });
    expect(v.status).toBe(403);
    expect(audits('forward refused').length).toBeGreaterThan(0);
  }, 60_000);

  // The bytes move in a worker thread (server/exec/relay-thread.ts) unless it cannot run, when
  // this thread relays them: both paths carry a download whole, and count it.
  for (const where of ['the relay thread', 'the main thread'] as const) {
    it(`a 32 MiB download, byte for byte, relayed in ${where}`, async () => {
      const g = globalThis as { __podscopeRelay?: unknown };
      const saved = g.__podscopeRelay;
      if (where === 'the main thread') g.__podscopeRelay = null;
      try {
        const i = await info();
        const N = 32 * 1024 * 1024;
        for (const kind of ['http', 'tcp'] as const) {
          const f = (await (await open({ port: 8080, kind }, i.csrf)).json()) as { id: string; url: string };
          const url = kind === 'http' ? `${ORIGIN}${f.url}` : f.url;
          const res = await fetch(`${url}bytes?n=${N}`);
          expect(res.status).toBe(200);
          const body = Buffer.from(await res.arrayBuffer());
          expect(body.length).toBe(N);
          // (the pod server's pattern: byte k is k mod 251)
          let firstWrong = -1;
          for (let k = 0; k < N && firstWrong < 0; k++) if (body[k] !== k % 251) firstWrong = k;
          expect(firstWrong).toBe(-1);
          await closeRoute.DELETE(req('DELETE', { origin: ORIGIN, 'x-podscope-csrf': i.csrf }), params({ id: f.id }));
          const closed = audits('forward close').find((a) => a.id === f.id);
          expect(closed!.bytes).toBeGreaterThanOrEqual(N);
        }
        if (where === 'the relay thread') expect(g.__podscopeRelay).toBeTruthy();
      } finally {
        g.__podscopeRelay = saved;
      }
    }, 60_000);
  }
});
