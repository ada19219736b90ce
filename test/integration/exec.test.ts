// The shell and debug containers against the real API server: kwok serves pods/exec for the
// simulated pods (a real pty on this machine, sim/exec.ts), the API server checks RBAC and
// translates the WebSocket. Podscope's upgrade router (server/upgrade.ts) runs in a plain Node
// server here, as server/main.ts runs it; the browser's side is the `ws` client.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { paths } from '../../local-cluster/lib/paths.ts';
import { SIM } from '../../local-cluster/sim/convention.ts';
import { applySimPod, createNamespace, eventually, kubectl, pausePod, podReader } from '../support/local-cluster.ts';
import { captureLogLines } from '../support/log-lines.ts';
import { tokenCookieName } from '@/server/auth/token-cookie';

process.env.KUBECONFIG = paths.kubeconfig;
process.env.PODSCOPE_EXEC = 'on';
const { GET: execInfo } = await import('@/app/api/c/[context]/pods/[namespace]/[name]/exec/route');
const { POST: addDebug } = await import('@/app/api/c/[context]/pods/[namespace]/[name]/debug/route');
const copyRoute = await import('@/app/api/c/[context]/pods/[namespace]/[name]/debug/copy/route');
const { handleUpgrade } = await import('@/server/upgrade');
const { openExecSessions } = await import('@/server/exec/session');
const { config } = await import('@/server/config');

const CTX = 'podscope-local';
const NS = `podscope-exec-${Date.now().toString(36)}`;
let server: Server;
let base = '';
let viewerCookie = '';

const { logged, audits } = captureLogLines();

const params = (name: string) => ({ params: Promise.resolve({ context: CTX, namespace: NS, name }) });
const host = () => `127.0.0.1:${(server.address() as AddressInfo).port}`;

async function csrfFor(name: string, cookie?: string): Promise<{ csrf: string; exec: boolean; debug: boolean }> {
  const res = await execInfo(new Request(`${base}/x`, { headers: { host: host(), ...(cookie ? { cookie } : {}) } }), params(name));
  return (await res.json()) as { csrf: string; exec: boolean; debug: boolean };
}

interface Shell {
  ws: WebSocket;
  output: () => string;
  control: { type: string; code?: number | null; message?: string }[];
  closed: Promise<void>;
}

function openShell(
  name: string,
  q: { container?: string; command?: string[]; tty?: boolean },
  opts: { csrf?: string; origin?: string; cookie?: string },
): Promise<Shell | { refused: number; body: string }> {
  const search = new URLSearchParams({ container: q.container ?? 'c', tty: String(q.tty ?? true) });
  for (const c of q.command ?? ['sh']) search.append('command', c);
  const protocols = ['podscope.exec.v1', ...(opts.csrf ? [`csrf.${opts.csrf}`] : [])];
  const ws = new WebSocket(`ws://${host()}/api/c/${CTX}/pods/${NS}/${name}/exec?${search}`, protocols, {
    headers: { origin: opts.origin ?? `http://${host()}`, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
  });
  let out = Buffer.alloc(0);
  const control: Shell['control'] = [];
  ws.on('message', (data: Buffer, binary) => {
    if (binary) out = Buffer.concat([out, data]);
    else control.push(JSON.parse(data.toString()) as Shell['control'][number]);
  });
  const closed = new Promise<void>((r) => ws.once('close', () => r()));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, output: () => out.toString('utf8'), control, closed }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, body }));
    });
    ws.once('error', (e) => reject(e));
  });
}

const opened = (s: Awaited<ReturnType<typeof openShell>>): Shell => {
  if ('refused' in s) throw new Error(`refused ${s.refused}: ${s.body}`);
  return s;
};

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', handleUpgrade);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.env.PORT = String((server.address() as AddressInfo).port);
  base = `http://${host()}`;
  await createNamespace(NS);
  await kubectl(['apply', '-f', '-'], { input: pausePod(NS, 'target') });
  const token = await podReader(NS);
  viewerCookie = `${tokenCookieName(CTX)}=${encodeURIComponent(token)}`;
  await eventually(
    'the target pod running',
    async () => (await kubectl(['-n', NS, 'get', 'pod', 'target', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running' || undefined,
    60_000,
  );
}, 120_000);

afterAll(async () => {
  server?.close();
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

describe('shell (pods/exec through the API server)', () => {
  it('an interactive round trip: typed input, its echo, a resize the terminal sees, an exit code', async () => {
    const { csrf, exec } = await csrfFor('target');
    expect(exec).toBe(true);
    const s = opened(await openShell('target', { command: ['sh'] }, { csrf }));
    await eventually('started', async () => s.control.some((c) => c.type === 'started') || undefined, 15_000);
    s.ws.send(Buffer.from('echo $((6*7))\r'));
    // the pty echoes the typed line; the answer is a line of its own
    await eventually('42 on a line of its own', async () => /\r?\n42\r?\n/.test(s.output()) || undefined, 15_000);
    s.ws.send(JSON.stringify({ type: 'resize', cols: 111, rows: 33 }));
    s.ws.send(Buffer.from('stty size\r'));
    await eventually('the new size', async () => /\r?\n33 111\r?\n/.test(s.output()) || undefined, 15_000);
    s.ws.send(Buffer.from('exit 3\r'));
    await s.closed;
    expect(s.control.find((c) => c.type === 'exit')).toMatchObject({ code: 3 });
    const end = audits('exec end').at(-1);
    expect(end).toMatchObject({ who: 'podscope-admin', pod: `${NS}/target`, container: 'c', command: ['sh'], exitCode: 3 });
    expect(end!.durationMs).toBeGreaterThan(0);
    expect(audits('exec start').some((a) => a.pod === `${NS}/target`)).toBe(true);
    expect(openExecSessions()).toBe(0);
  }, 60_000);

  it('a command that fails reports its own exit code; output without a tty arrives too', async () => {
    const { csrf } = await csrfFor('target');
    const s = opened(await openShell('target', { command: ['sh', '-c', 'echo out; exit 7'], tty: false }, { csrf }));
    await s.closed;
    expect(s.output()).toContain('out');
    expect(s.control.find((c) => c.type === 'exit')).toMatchObject({ code: 7 });
  }, 30_000);

  it('refuses, before anything starts and with an audit line: no CSRF token, another site, no exec right, exec turned off, a bad container name', async () => {
    const before = audits('exec start').length;
    const { csrf } = await csrfFor('target');
    const noToken = await openShell('target', {}, {});
    expect(noToken).toMatchObject({ refused: 403 });
    expect((noToken as { body: string }).body).toMatch(/CSRF/);
    const crossSite = await openShell('target', {}, { csrf, origin: 'https://evil.example' });
    expect(crossSite).toMatchObject({ refused: 403 });
    const badName = await openShell('target', { container: 'Not_A_Name' }, { csrf });
    expect(badName).toMatchObject({ refused: 400 });

    (config() as { PODSCOPE_AUTH: string }).PODSCOPE_AUTH = 'token';
    try {
      const viewer = await csrfFor('target', viewerCookie);
      expect(viewer).toMatchObject({ exec: false, debug: false });
      const forbidden = await openShell('target', {}, { csrf: viewer.csrf, cookie: viewerCookie });
      expect(forbidden).toMatchObject({ refused: 403 });
      expect((forbidden as { body: string }).body).toMatch(/may not exec/);
    } finally {
      (config() as { PODSCOPE_AUTH: string }).PODSCOPE_AUTH = 'none';
    }
    (config() as { PODSCOPE_EXEC: string }).PODSCOPE_EXEC = 'off';
    try {
      expect(await openShell('target', {}, { csrf })).toMatchObject({ refused: 403 });
    } finally {
      (config() as { PODSCOPE_EXEC: string }).PODSCOPE_EXEC = 'on';
    }
    const refused = audits('exec refused').map((a) => String(a.result));
    expect(refused.some((r) => /CSRF/.test(r))).toBe(true);
    expect(refused.some((r) => /cross-site/.test(r))).toBe(true);
    expect(refused.some((r) => /may not exec/.test(r))).toBe(true);
    expect(refused.some((r) => /turned off/.test(r))).toBe(true);
    expect(audits('exec refused').find((a) => /may not exec/.test(String(a.result)))).toMatchObject({
      who: `system:serviceaccount:${NS}:viewer`,
    });
    expect(audits('exec start').length).toBe(before);
    expect(openExecSessions()).toBe(0);
  }, 60_000);
});

describe('shell limits', () => {
  it('a cap on open shells per user: the next one is refused (429) until one closes', async () => {
    const { csrf } = await csrfFor('target');
    (config() as { PODSCOPE_EXEC_MAX_PER_USER: number }).PODSCOPE_EXEC_MAX_PER_USER = 1;
    try {
      const first = opened(await openShell('target', { command: ['sh'] }, { csrf }));
      await eventually('started', async () => first.control.some((c) => c.type === 'started') || undefined, 15_000);
      const second = await openShell('target', { command: ['sh'] }, { csrf });
      expect(second).toMatchObject({ refused: 429 });
      first.ws.close();
      await first.closed;
      await eventually('the slot free again', async () => openExecSessions() === 0 || undefined, 5_000);
      const third = opened(await openShell('target', { command: ['sh', '-c', 'exit 0'], tty: false }, { csrf }));
      await third.closed;
      expect(third.control.find((c) => c.type === 'exit')).toMatchObject({ code: 0 });
    } finally {
      (config() as { PODSCOPE_EXEC_MAX_PER_USER: number }).PODSCOPE_EXEC_MAX_PER_USER = 4;
    }
  }, 60_000);

  it('an idle shell is closed, said to the user and audited', async () => {
    const { csrf } = await csrfFor('target');
    (config() as { PODSCOPE_EXEC_IDLE_SECONDS: number }).PODSCOPE_EXEC_IDLE_SECONDS = 5;
    try {
      const s = opened(await openShell('target', { command: ['sh'] }, { csrf }));
      const t = Date.now();
      await s.closed;
      expect(Date.now() - t).toBeGreaterThanOrEqual(4_500);
      expect(s.control.find((c) => c.type === 'error')?.message).toMatch(/closed after 5 s without input or output/);
      expect(audits('exec end').at(-1)).toMatchObject({ result: 'idle' });
    } finally {
      (config() as { PODSCOPE_EXEC_IDLE_SECONDS: number }).PODSCOPE_EXEC_IDLE_SECONDS = 900;
    }
  }, 30_000);
});

describe('debug containers (pods/ephemeralcontainers)', () => {
  const post = (body: unknown, csrf: string, cookie?: string) =>
    addDebug(
      new Request(`${base}/x`, {
        method: 'POST',
        headers: { host: host(), origin: base, 'x-podscope-csrf': csrf, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      }),
      params('target'),
    );
  const ephemeral = async () =>
    JSON.parse((await kubectl(['-n', NS, 'get', 'pod', 'target', '-o', 'json'])).stdout) as {
      spec: { ephemeralContainers?: { name: string; image: string; targetContainerName?: string; securityContext?: object }[] };
      status: { ephemeralContainerStatuses?: { name: string; state: { running?: object } }[] };
    };

  it('an image off the list, or a user without the right, adds nothing', async () => {
    const { csrf } = await csrfFor('target');
    const off = await post({ image: 'evil/miner:latest', profile: 'general' }, csrf);
    expect(off.status).toBe(400);
    (config() as { PODSCOPE_AUTH: string }).PODSCOPE_AUTH = 'token';
    try {
      const viewer = await csrfFor('target', viewerCookie);
      expect((await post({ image: 'busybox:1.37' }, viewer.csrf, viewerCookie)).status).toBe(403);
    } finally {
      (config() as { PODSCOPE_AUTH: string }).PODSCOPE_AUTH = 'none';
    }
    expect((await post({ image: 'busybox:1.37' }, 'forged')).status).toBe(403);
    expect((await ephemeral()).spec.ephemeralContainers ?? []).toEqual([]);
  });

  it('is accepted by the API server with the profile and target, runs, and takes a shell', async () => {
    const { csrf, debug } = await csrfFor('target');
    expect(debug).toBe(true);
    const res = await post({ image: 'busybox:1.37', profile: 'netadmin', target: 'c' }, csrf);
    expect(res.status).toBe(200);
    const { container } = (await res.json()) as { container: string };
    const spec = (await ephemeral()).spec.ephemeralContainers?.find((c) => c.name === container);
    expect(spec).toMatchObject({
      image: 'busybox:1.37',
      targetContainerName: 'c',
      securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
    });
    await eventually(
      'the debug container running',
      async () => (await ephemeral()).status.ephemeralContainerStatuses?.some((s) => s.name === container && s.state.running) || undefined,
      30_000,
    );
    const s = opened(await openShell('target', { container, command: ['sh', '-c', 'echo in-debugger'], tty: false }, { csrf }));
    await s.closed;
    expect(s.output()).toContain('in-debugger');
    expect(s.control.find((c) => c.type === 'exit')).toMatchObject({ code: 0 });
    expect(logged.find((l) => l.msg === 'audit' && l.action === 'debug' && l.result === 'ok')).toMatchObject({
      who: 'podscope-admin',
      container,
      image: 'busybox:1.37',
      profile: 'netadmin',
    });
  }, 60_000);

  it('a crash-looping pod: a copy with the command replaced by a shell, shelled into, then deleted', async () => {
    await applySimPod(NS, 'crasher', { [SIM.fail]: 'crash', [SIM.runSeconds]: '1' }, { resources: {} });
    await kubectl(['-n', NS, 'label', 'pod', 'crasher', 'app=crasher']);
    const { csrf } = await csrfFor('crasher');
    const call = (method: 'POST' | 'DELETE', qs = '', body?: unknown) =>
      copyRoute[method](
        new Request(`${base}/x${qs}`, {
          method,
          headers: { host: host(), origin: base, 'x-podscope-csrf': csrf, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        params('crasher'),
      );
    const res = await call('POST', '', { container: 'app' });
    expect(res.status).toBe(200);
    const { copy } = (await res.json()) as { copy: string };
    expect(copy).toMatch(/^crasher-debug-[0-9a-f]{5}$/);
    const made = JSON.parse((await kubectl(['-n', NS, 'get', 'pod', copy, '-o', 'json'])).stdout) as {
      metadata: { labels?: Record<string, string>; annotations: Record<string, string> };
      spec: { containers: { command?: string[]; stdin?: boolean; tty?: boolean; livenessProbe?: object }[]; restartPolicy: string };
    };
    // (none of the original's: the topology labels are the API server's own, added at binding)
    expect(made.metadata.labels ?? {}).not.toHaveProperty('app');
    expect(made.metadata.annotations).toEqual({ 'podscope.dev/debug-copy-of': 'crasher' });
    expect(made.spec.containers[0]).toMatchObject({ command: ['sh'], stdin: true, tty: true });
    await eventually(
      'the copy running',
      async () => (await kubectl(['-n', NS, 'get', 'pod', copy, '-o', 'jsonpath={.status.phase}'])).stdout === 'Running' || undefined,
      60_000,
    );
    const s = opened(
      await openShell(
        copy,
        { container: 'app', command: ['sh', '-c', 'echo in-the-copy'], tty: false },
        { csrf: (await csrfFor(copy)).csrf },
      ),
    );
    await s.closed;
    expect(s.output()).toContain('in-the-copy');
    // "done" deletes only a pod that is this pod's copy
    expect((await call('DELETE', '?name=target')).status).toBe(400);
    expect((await call('DELETE', `?name=${copy}`)).status).toBe(200);
    await eventually(
      'the copy gone',
      async () => (await kubectl(['-n', NS, 'get', 'pod', copy], { allowFail: true })).code !== 0 || undefined,
      30_000,
    );
    expect(logged.find((l) => l.msg === 'audit' && l.action === 'debug' && l.mode === 'copy' && l.result === 'ok')).toMatchObject({
      copy,
      who: 'podscope-admin',
    });
  }, 120_000);
});
