// The holes a security review found, each reproduced against real Podscope servers (server/main.ts,
// the production build) and the real local API server: DNS rebinding (foreign Host, foreign
// Origin), a token sent to another context's API server, unauthenticated streams that start
// watches, revoked access that keeps flowing, another user's stream, login brute force, an open
// redirect, cacheable answers, a world-readable recorder database, details on /readyz.
// The one stand-in: a second "API server" that only records what it is sent (a TLS listener
// with the local cluster's certificate), because the point is that Podscope sends it nothing.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, stopAppServer } from '../../e2e/app-server.ts';
import { paths, REPO_DIR } from '../../local-cluster/lib/paths.ts';
import { kubectl, pki } from '../support/local-cluster.ts';
import { metric, openStream, request, waitFor } from '../support/sse.ts';

const CTX = 'podscope-local';
const NS = 'demo-healthy';
const tokenCookie = (await import('@/server/auth/token-cookie')).tokenCookieName;

// ---- the decoy: an HTTPS server that records the Authorization header of every request
const seen: { path: string; auth?: string }[] = [];
const decoy = https.createServer({ cert: readFileSync(pki().servingCert), key: readFileSync(pki().servingKey) }, (req, res) => {
  seen.push({ path: req.url ?? '', auth: req.headers.authorization });
  res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"kind":"Status","code":401,"message":"decoy"}');
});
let decoyPort = 0;

let local = ''; // local mode, actions on
let shared = ''; // token mode, two contexts (the real one and the decoy), small limits
let viewer = '';
let other = '';

function twoContextKubeconfig(): string {
  const kc = readFileSync(paths.kubeconfig, 'utf8');
  const ca = /certificate-authority-data: (\S+)/.exec(kc)![1];
  const extra = kc
    .replace(
      /^clusters:\n/m,
      `clusters:\n- name: decoy\n  cluster:\n    server: https://127.0.0.1:${decoyPort}\n    certificate-authority-data: ${ca}\n- name: gone\n  cluster:\n    server: https://127.0.0.1:1\n    certificate-authority-data: ${ca}\n`,
    )
    .replace(
      /^contexts:\n/m,
      'contexts:\n- name: decoy\n  context:\n    cluster: decoy\n    user: podscope-local-admin\n- name: gone\n  context:\n    cluster: gone\n    user: podscope-local-admin\n',
    );
  const file = join(REPO_DIR, 'test-results', 'security-kubeconfig');
  writeFileSync(file, extra);
  return file;
}

beforeAll(async () => {
  await new Promise<void>((r) =>
    decoy.listen(0, '127.0.0.1', () => {
      decoyPort = (decoy.address() as { port: number }).port;
      r();
    }),
  );
  const items = ['sec-viewer', 'sec-other'].flatMap((name) => [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name, namespace: NS }],
    },
  ]);
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
  viewer = (await kubectl(['-n', NS, 'create', 'token', 'sec-viewer', '--duration=1h'])).stdout.trim();
  other = (await kubectl(['-n', NS, 'create', 'token', 'sec-other', '--duration=1h'])).stdout.trim();
  const [a, b] = await Promise.all([
    startAppServer({ name: 'sec-local', env: { PODSCOPE_ACTIONS: 'on', PODSCOPE_RECORDER: 'watched' } }),
    startAppServer({
      name: 'sec-token',
      env: {
        PODSCOPE_AUTH: 'token',
        KUBECONFIG: twoContextKubeconfig(),
        PODSCOPE_MAX_STREAMS_PER_USER: '3',
        PODSCOPE_LOGIN_FAILURES_PER_CLIENT: '5',
      },
    }),
  ]);
  local = a.url;
  shared = b.url;
}, 600_000);

afterAll(async () => {
  stopAppServer('sec-local');
  stopAppServer('sec-token');
  decoy.close();
  await kubectl(
    ['-n', NS, 'delete', 'rolebinding/sec-viewer', 'rolebinding/sec-other', 'serviceaccount/sec-viewer', 'serviceaccount/sec-other'],
    { allowFail: true },
  );
});

const port = (base: string) => new URL(base).port;
const logOf = (name: string) => readFileSync(join(REPO_DIR, 'test-results', `${name}.log`), 'utf8');
const cookieFor = (context: string, token: string) => `${tokenCookie(context)}=${encodeURIComponent(token)}`;

describe("DNS rebinding: a Host that is not Podscope's own gets nothing", () => {
  it('refuses every page, API, stream and asset before any Kubernetes call', async () => {
    const pod = (await kubectl(['-n', NS, 'get', 'pods', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    const before = await metric(local, 'podscope_upstream_requests_total');
    const host = `rebind.evil.example:${port(local)}`;
    for (const path of [
      '/',
      '/api/clusters',
      '/api/stream',
      `/api/c/${CTX}/pods/${NS}/${pod}/diagnosis`,
      `/api/c/${CTX}/pods/${NS}/${pod}/actions`,
      `/api/c/${CTX}/pods/${NS}/${pod}/logs?container=web`,
      `/c/${CTX}/pods`,
      '/_next/static/chunks/main.js',
      '/login',
    ]) {
      const r = await request(`${local}${path}`, { headers: { Host: host } });
      expect(r.status, path).toBe(403);
      expect(r.body, path).not.toMatch(/podscope-local|demo-|kubeconfig|csrf/i);
    }
    const del = await request(`${local}/api/c/${CTX}/pods/${NS}/${pod}/actions/delete`, {
      method: 'POST',
      headers: { Host: host, Origin: `http://${host}`, 'X-Podscope-CSRF': 'x' },
    });
    expect(del.status).toBe(403);
    expect(await metric(local, 'podscope_upstream_requests_total')).toBe(before);
    expect((await kubectl(['-n', NS, 'get', 'pod', pod], { allowFail: true })).code).toBe(0);
    // the served port matters too: loopback with another port is not this server
    expect((await request(`${local}/api/clusters`, { headers: { Host: `127.0.0.1:${Number(port(local)) + 1}` } })).status).toBe(403);
  });

  it('answers its own names, and probes for any Host with no details', async () => {
    expect((await request(`${local}/api/clusters`, { headers: { Host: `localhost:${port(local)}` } })).status).toBe(200);
    const probe = await request(`${local}/readyz`, { headers: { Host: '10.1.2.3:3000' } });
    expect(probe.status).toBe(200);
    expect(probe.body).toBe('ready: 1 of 1 clusters reachable\n');
    expect((await request(`${local}/healthz`, { headers: { Host: '10.1.2.3:3000' } })).status).toBe(200);
  });

  it("takes state-changing requests and streams only from Podscope's own origin", async () => {
    const pod = (await kubectl(['-n', NS, 'get', 'pods', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    const { csrf } = JSON.parse((await request(`${local}/api/c/${CTX}/pods/${NS}/${pod}/actions`)).body) as { csrf: string };
    for (const origin of ['http://evil.example', `http://rebind.evil.example:${port(local)}`, 'null']) {
      const r = await request(`${local}/api/c/${CTX}/pods/${NS}/${pod}/actions/delete`, {
        method: 'POST',
        headers: { Origin: origin, 'X-Podscope-CSRF': csrf },
      });
      expect(r.status, origin).toBe(403);
    }
    expect(
      (await request(`${local}/api/c/${CTX}/pods/${NS}/${pod}/actions/delete`, { method: 'POST', headers: { 'X-Podscope-CSRF': csrf } }))
        .status,
    ).toBe(403); // no Origin at all
    expect((await kubectl(['-n', NS, 'get', 'pod', pod], { allowFail: true })).code).toBe(0);
    const s = await openStream(local, { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    expect(s.status).toBe(403);
    expect(s.session).toBeUndefined();
  });

  it('marks every API answer not cacheable', async () => {
    const r = await request(`${local}/api/clusters`);
    expect(r.headers['cache-control']).toMatch(/no-store/);
    const bad = await request(`${local}/api/c/${CTX}/pods/BAD/x/diagnosis`);
    expect(bad.status).toBe(400);
    expect(bad.headers['cache-control']).toMatch(/no-store/);
  });
});

describe('token mode: a token goes only to the API server that accepted it', () => {
  it('logs in per context; other contexts are listed but never contacted', async () => {
    const login = await request(`${shared}/api/auth/login`, {
      method: 'POST',
      headers: { Origin: shared, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: viewer, context: CTX, next: '/' }).toString(),
    });
    expect(login.status).toBe(303);
    const set = String(login.headers['set-cookie']);
    expect(set).toContain(`${tokenCookie(CTX)}=`);
    const cookie = cookieFor(CTX, viewer);
    const clusters = JSON.parse((await request(`${shared}/api/clusters`, { headers: { Cookie: cookie } })).body) as {
      sources?: string[];
      clusters: { context: string; reachable: boolean; loggedIn?: boolean; user?: string }[];
    };
    expect(clusters.clusters.find((c) => c.context === CTX)).toMatchObject({
      reachable: true,
      loggedIn: true,
      user: `system:serviceaccount:${NS}:sec-viewer`,
    });
    expect(clusters.clusters.find((c) => c.context === 'decoy')).toMatchObject({ reachable: false, loggedIn: false });
    expect(clusters.sources).toBeUndefined(); // no kubeconfig paths for a shared install's users
    // a stream that names the decoy context: refused for want of a login there
    const s = await openStream(shared, { Cookie: cookie });
    expect(s.status).toBe(200);
    await s.post({
      subscribe: [
        { id: 'd', spec: { context: 'decoy', resource: 'pods', view: 'rows' } },
        { id: 'l', spec: { context: CTX, resource: 'pods', namespace: NS, view: 'rows' } },
      ],
    });
    const st = await waitFor('decoy refused', () => s.msgs.find((m) => m.type === 'state' && m.sub === 'd' && m.state.phase === 'error'));
    expect(st).toMatchObject({ state: { errorKind: 'unauthenticated', message: expect.stringMatching(/log in to context "decoy"/) } });
    await waitFor('own namespace streams', () => s.msgs.find((m) => m.type === 'snapshot' && m.sub === 'l'));
    s.close();
    // (Podscope's own probes of every context carry its kubeconfig's client certificate, no token)
    expect(seen.filter((r) => r.auth)).toEqual([]);
  });

  it('a made-up token gets a 401 and costs at most one request upstream', async () => {
    const before = await metric(shared, 'podscope_upstream_requests_total');
    const watches = await metric(shared, 'podscope_upstream_watches');
    const garbage = cookieFor(CTX, 'garbage');
    for (let i = 0; i < 5; i++) {
      const s = await openStream(shared, { Cookie: garbage });
      expect(s.status).toBe(401);
      expect(s.body).toMatch(/does not accept|log in/);
      s.close();
    }
    await new Promise((r) => setTimeout(r, 2000));
    expect((await metric(shared, 'podscope_upstream_requests_total')) - before).toBeLessThanOrEqual(1);
    expect(await metric(shared, 'podscope_upstream_watches')).toBe(watches); // none started
  });

  it('caps streams per user', async () => {
    const cookie = cookieFor(CTX, viewer);
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await openStream(shared, { Cookie: cookie }));
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await openStream(shared, { Cookie: cookie });
    expect(fourth.status).toBe(429);
    expect(fourth.body).toMatch(/PODSCOPE_MAX_STREAMS_PER_USER/);
    for (const s of open) s.close();
    // the server notices the closed connections a moment later: wait, so the next test has room
    await waitFor('the streams closed on the server', async () => (await metric(shared, 'podscope_sse_clients')) === 0);
  });

  it("another user's stream looks exactly like none", async () => {
    const mine = await openStream(shared, { Cookie: cookieFor(CTX, viewer) });
    expect(mine.status).toBe(200);
    await mine.post({ subscribe: [{ id: 'p', spec: { context: CTX, resource: 'pods', namespace: NS, view: 'rows' } }] });
    await waitFor('snapshot', () => mine.msgs.find((m) => m.type === 'snapshot' && m.sub === 'p'));
    const theirs = await mine.post({ unsubscribe: ['p'] }, { Cookie: cookieFor(CTX, other) });
    const none = await request(`${shared}/api/stream/00000000-0000-0000-0000-000000000000`, {
      method: 'POST',
      body: '{"unsubscribe":["p"]}',
      headers: { Cookie: cookieFor(CTX, other), Origin: shared, 'Content-Type': 'application/json' },
    });
    expect(theirs.status).toBe(404);
    expect(none.status).toBe(404);
    expect(theirs.body).toBe(none.body);
    // still subscribed: a change in the namespace reaches it
    const n = mine.msgs.length;
    await kubectl(['-n', NS, 'annotate', 'pods', '--all', `sec.example.com/touch=${Date.now()}`, '--overwrite']);
    await waitFor('a delta after the refused unsubscribe', () => mine.msgs.slice(n).some((m) => m.type === 'deltas' && m.sub === 'p'));
    mine.close();
  });

  it('limits failed logins per client with a 429, and audits each failure', async () => {
    const form = (token: string) => new URLSearchParams({ token, context: CTX, next: '/' }).toString();
    const post = (token: string) =>
      request(`${shared}/api/auth/login`, {
        method: 'POST',
        headers: { Origin: shared, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form(token),
      });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(`wrong-${i}`)).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    const limited = await post(viewer);
    expect(limited.status).toBe(429); // even a good token waits out the minute from this address
    expect(limited.body).toMatch(/too many failed logins/);
    const audits = logOf('sec-token')
      .split('\n')
      .filter((l) => l.includes('"audit"') && l.includes('"login"') && l.includes('failed'));
    expect(audits.length).toBeGreaterThanOrEqual(6);
    expect(audits[0]).toContain('"client":"127.0.0.1"');
    expect(logOf('sec-token')).not.toContain('wrong-0');
  });

  it('/readyz and the log: no upstream error texts on the probe, details in the log', async () => {
    const r = await request(`${shared}/readyz`);
    expect(r.body).toBe('ready: 1 of 3 clusters reachable\n');
    expect(r.body).not.toMatch(/ECONNREFUSED|gone|decoy/);
    const lines = () =>
      logOf('sec-token')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    await waitFor('the unreachable context in the log', () => lines().some((l) => l.msg === 'cluster unreachable' && l.context === 'gone'));
  });
});

describe("the flight recorder's database is Podscope's alone", () => {
  it('is created 0600 in a 0700 directory', async () => {
    const dir = join(REPO_DIR, 'test-results', 'sec-local-data');
    // (the store opens on first use: a deleted pod's record is looked up there)
    expect((await request(`${local}/api/c/${CTX}/pods/${NS}/never-existed/history`)).status).toBe(404);
    await waitFor('the store', () => {
      try {
        return statSync(join(dir, 'history.db'));
      } catch {
        return undefined;
      }
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'history.db')).mode & 0o777).toBe(0o600);
  });
});
