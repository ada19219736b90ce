// Podscope's fault-injection suite: a real control plane, Podscope between a TCP proxy of our own
// (bench/chaos/tcp-proxy.ts) and the API server, the views an on-call engineer keeps open — the
// pod list, a pod page, its events, triage, a followed log, and (in the full run) a real Chromium
// tab — and faults injected one after another while pods churn. After each fault ends, every view
// is compared with what the API server says until they agree (the time that takes is the
// convergence), and the suite checks that each view's badge said reconnecting/stale during faults
// that cut it off. At the end every numbered log line must have arrived exactly once.
//
// Prints a table; writes bench/results/chaos-latest.{md,json} (or --out). Exits 1 when a target
// is missed: a divergence left after 30 s, convergence p95 over 5 s, a lost or repeated log line,
// or a badge that stayed "live" through a fault that cut the view off.
//
// Usage: node bench/chaos.ts [--short] [--rounds 2] [--no-browser] [--out bench/results/chaos-latest]
//   --short: the CI subset (six faults of six kinds, no browser), on whatever cluster
//   PODSCOPE_CLUSTER_DIR names. Loopback only: every server here listens on 127.0.0.1.
import './resolve-hooks.ts';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';

const REPO = join(import.meta.dirname, '..');
process.env.PODSCOPE_CLUSTER_DIR ??= join(REPO, '.local-cluster-chaos');

const { values: args } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '2' },
    'no-browser': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const SHORT = args.short;
const ROUNDS = SHORT ? 1 : Math.max(1, Math.min(5, Number(args.rounds)));
const BROWSER = !SHORT && !args['no-browser'];
const OUT = args.out ?? join(REPO, 'bench', 'results', SHORT ? 'chaos-short' : 'chaos-latest');

const { up } = await import('../local-cluster/lib/cluster.ts');
const { paths, CONTEXT_NAME } = await import('../local-cluster/lib/paths.ts');
const { freePort, isAlive, readPid, stopProcess } = await import('../local-cluster/lib/processes.ts');
const { apiClient } = await import('../local-cluster/sim/scale.ts');
const { criLine } = await import('../local-cluster/sim/logs.ts');
const { SIM } = await import('../local-cluster/sim/convention.ts');
const { startAppServer, stopAppServer } = await import('../e2e/app-server.ts');
const { FaultProxy } = await import('./chaos/tcp-proxy.ts');
const { LogFollower, StreamView, BadgeLog } = await import('./chaos/views.ts');
const { podRow } = await import('../lib/pods/row.ts');
const { normalizeEvent } = await import('../lib/events/normalize.ts');

// ---------- everything started here is stopped however the run ends
const { metricSum, runGuard, targetsTable, writeResults } = await import('./harness.ts');
const guard = runGuard('chaos');
const APP = 'chaos-server';
const say = (l: string) => console.log(`chaos: ${l}`);
const quiet = () => {};

// ---------- the cluster and the things on it
const state = await up({ log: quiet });
const api = apiClient();
const apiPort = Number(new URL(state.server).port);
const RUN = Date.now().toString(36);
const NS = `chaos-${RUN}`;
const LOG_NS = 'bench-logs'; // kwok serves this namespace's logs from bench-fast.log (local-cluster/sim/logs.ts)
const LOG_POD = `chaos-log-${RUN}`;

async function ok(method: string, path: string, body?: unknown, type?: string) {
  const r = await api(method, path, body, type);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body.slice(0, 200)}`);
  return JSON.parse(r.body) as unknown;
}
async function ensureNamespace(ns: string) {
  const r = await api('POST', '/api/v1/namespaces', { metadata: { name: ns } });
  if (r.status >= 300 && r.status !== 409) throw new Error(`namespace ${ns}: ${r.status}`);
  // the controller-manager creates the default ServiceAccount; after a restart it can be slow
  for (let i = 0; i < 100; i++) {
    if ((await api('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200) return;
    if (i === 40) await api('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'default' } });
    await sleep(250);
  }
}
const podSpec = (name: string, annotations: Record<string, string> = {}) => ({
  metadata: { name, annotations },
  spec: { containers: [{ name: 'app', image: 'registry.local/app:1.0' }], terminationGracePeriodSeconds: 1 },
});
await ensureNamespace(NS);
await ensureNamespace(LOG_NS);
guard.stop(() => api('DELETE', `/api/v1/namespaces/${NS}`));
// a pod that stays (its page is one of the views), two that fail to pull their image (triage's
// incident), and the pod whose followed log must arrive whole
await ok('POST', `/api/v1/namespaces/${NS}/pods`, podSpec('anchor'));
for (const n of ['broken-1', 'broken-2']) await ok('POST', `/api/v1/namespaces/${NS}/pods`, podSpec(n, { [SIM.fail]: 'image-not-found' }));
await ok('POST', `/api/v1/namespaces/${LOG_NS}/pods`, podSpec(LOG_POD));
guard.stop(() => api('DELETE', `/api/v1/namespaces/${LOG_NS}/pods/${LOG_POD}`));

// ---------- the proxy, and Podscope behind it
const proxy = new FaultProxy({ host: '127.0.0.1', port: apiPort });
const proxyPort = await proxy.listen();
guard.stop(() => proxy.close());
const kubeconfig = join(dirname(paths.kubeconfig), `kubeconfig-chaos-${RUN}`);
writeFileSync(kubeconfig, readFileSync(paths.kubeconfig, 'utf8').replace(state.server, `https://127.0.0.1:${proxyPort}`), { mode: 0o600 });
const appPort = await freePort();
const startApp = () => startAppServer({ name: APP, port: appPort, keepData: true, build: false, env: { KUBECONFIG: kubeconfig } });
// (a fresh data directory for the first start; restarts keep it, as a Pod's volume would)
const { url: base } = await startAppServer({ name: APP, port: appPort, env: { KUBECONFIG: kubeconfig } });
guard.stop(() => stopAppServer(APP));
say(`Podscope at ${base}, via the proxy on :${proxyPort} to the API server on :${apiPort}; namespace ${NS}`);

// ---------- views
const ctx = CONTEXT_NAME;
const stream = new StreamView(base, [
  { id: 'pods', spec: { context: ctx, resource: 'pods', namespace: NS, view: 'rows' } },
  { id: 'anchor', spec: { context: ctx, resource: 'pods', namespace: NS, name: 'anchor', view: 'objects' } },
  { id: 'events', spec: { context: ctx, resource: 'events', namespace: NS, view: 'rows' } },
  { id: 'triage', spec: { context: ctx, resource: 'triage', namespace: NS, view: 'rows' } },
]);
stream.start();
guard.stop(() => stream.stop());
const follower = new LogFollower(base, `/api/c/${ctx}/pods/${LOG_NS}/${LOG_POD}/logs?container=app&follow=1`);

// the numbered lines the follower must get, each exactly once (kwok serves the file; the pod's log is it)
const logFile = join(paths.podLogs, 'bench-fast.log');
const MARK = `chaos run=${RUN} seq=`;
let written = 0;
let writer: NodeJS.Timeout | undefined;
const startWriter = () => {
  writer = setInterval(() => appendFileSync(logFile, criLine(new Date(), 'stdout', `${MARK}${written++}`)), 50);
};
guard.stop(() => clearInterval(writer));

// a real tab (full run): the pod list of the namespace, compared row by row
type Page = import('@playwright/test').Page;
let page: Page | undefined;
let browserCtx: import('@playwright/test').BrowserContext | undefined;
let cdp: import('@playwright/test').CDPSession | undefined;
const browserBadge = new BadgeLog();
if (BROWSER) {
  const { chromium } = await import('@playwright/test');
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('../e2e/chromium.ts');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  guard.stop(() => browser.close());
  browserCtx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await browserCtx.newPage();
  await page.goto(`${base}/c/${ctx}/pods?ns=${NS}`);
  await page.getByTestId('pod-row').first().waitFor({ timeout: 60_000 });
  cdp = await browserCtx.newCDPSession(page);
  // the tab's badge, sampled (a frozen tab answers nothing: that moment is not sampled)
  const sample = setInterval(() => {
    void page
      ?.getByTestId('connection-state')
      .getAttribute('data-phase', { timeout: 500 })
      .then((p) => browserBadge.set(p === 'live'))
      .catch(() => {});
  }, 200);
  guard.stop(() => clearInterval(sample));
}

// ---------- churn: pods come and go in the namespace, the anchor changes, throughout
let churning = true;
let churnOps = 0;
let inflight = 0;
const churnNames = new Set<string>();
let seq = 0;
const churnTimer = setInterval(() => {
  if (!churning || inflight >= 4) return;
  inflight++;
  const n = churnNames.size;
  const names = [...churnNames];
  const roll = Math.random();
  let op: Promise<unknown>;
  if (n < 6 || (n < 14 && roll < 0.4)) {
    const name = `churn-${seq++}`;
    churnNames.add(name);
    op = api('POST', `/api/v1/namespaces/${NS}/pods`, podSpec(name));
  } else if (roll < 0.8) {
    const name = names[Math.floor(Math.random() * names.length)];
    churnNames.delete(name);
    op = api('DELETE', `/api/v1/namespaces/${NS}/pods/${name}`);
  } else
    op = api(
      'PATCH',
      `/api/v1/namespaces/${NS}/pods/anchor`,
      { metadata: { annotations: { 'chaos/op': String(churnOps) } } },
      'application/merge-patch+json',
    );
  op.catch(() => {}).finally(() => {
    inflight--;
    churnOps++;
  });
}, 400);
guard.stop(() => clearInterval(churnTimer));

// ---------- the truth, straight from the API server (not through the proxy), and the comparison
async function truth() {
  const get = async <T>(path: string) => {
    const r = await api('GET', path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
    return JSON.parse(r.body) as T;
  };
  const [pods, events] = await Promise.all([
    get<{ items: V1Pod[] }>(`/api/v1/namespaces/${NS}/pods`),
    get<{ items: CoreV1Event[] }>(`/api/v1/namespaces/${NS}/events`),
  ]);
  return { pods: pods.items, events: events.items };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What each view gets wrong against the API server now (empty: every view agrees). */
async function divergences(): Promise<string[]> {
  const t = await truth();
  const out: string[] = [];
  if (!stream.live()) out.push('stream: not live');
  // pod list: every row as the API server's pod makes it, no ghosts, none missing
  const rows = new Map(stream.items<{ key: string }>('pods').map((r) => [r.key, r]));
  const want = new Map(t.pods.map((p) => [`${NS}/${p.metadata!.name}`, podRow(p)]));
  for (const [k, r] of want)
    if (!rows.has(k)) out.push(`pod list: missing ${k}`);
    else if (!same(rows.get(k), r)) out.push(`pod list: stale ${k}`);
  for (const k of rows.keys()) if (!want.has(k)) out.push(`pod list: ghost ${k}`);
  // pod page: the object itself, at the API server's resourceVersion
  const anchor = t.pods.find((p) => p.metadata?.name === 'anchor');
  const seen = stream.items<V1Pod>('anchor')[0];
  if (seen?.metadata?.resourceVersion !== anchor?.metadata?.resourceVersion)
    out.push(`pod page: resourceVersion ${seen?.metadata?.resourceVersion} ≠ ${anchor?.metadata?.resourceVersion}`);
  // events: each one, with its count and last-seen time
  const evs = new Map(stream.items<{ uid: string }>('events').map((e) => [e.uid, e]));
  const wantEv = new Map(t.events.map((e) => [e.metadata!.uid!, normalizeEvent(e)]));
  let evMissing = 0,
    evStale = 0,
    evGhost = 0;
  for (const [k, e] of wantEv)
    if (!evs.has(k)) evMissing++;
    else if (!same(evs.get(k), e)) evStale++;
  for (const k of evs.keys()) if (!wantEv.has(k)) evGhost++;
  if (evMissing + evStale + evGhost) out.push(`events: ${evMissing} missing, ${evStale} stale, ${evGhost} ghosts`);
  // triage: the failing pods' incident is there, and names no pod that is gone
  const incidents = stream.items<{ pods: { name: string }[] }>('triage');
  const inTriage = new Set(incidents.flatMap((i) => i.pods.map((p) => p.name)));
  for (const n of ['broken-1', 'broken-2']) if (!inTriage.has(n)) out.push(`triage: ${n} missing`);
  const names = new Set(t.pods.map((p) => p.metadata!.name!));
  for (const n of inTriage) if (!names.has(n)) out.push(`triage: ghost ${n}`);
  // the browser tab: every row's pod, status, ready and restarts
  if (page) {
    const shown = await page
      .getByTestId('pod-row')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('data-pod'),
          e.getAttribute('data-status'),
          e.querySelector('[data-col=ready]')?.textContent?.trim(),
          e.querySelector('[data-col=restarts]')?.textContent?.trim().split(' ')[0],
        ]),
      )
      .catch(() => undefined);
    const badge = await page
      .getByTestId('connection-state')
      .getAttribute('data-phase', { timeout: 1000 })
      .catch(() => 'unanswered');
    if (!shown) out.push('browser: page did not answer');
    else {
      if (badge !== 'live') out.push(`browser: badge ${badge}`);
      const got = new Map(shown.map(([k, ...rest]) => [k, rest.join(' ')]));
      for (const [k, r] of want) {
        const w = `${r.status} ${r.ready}/${r.total} ${r.restarts}`;
        if (!got.has(k)) out.push(`browser: missing ${k}`);
        else if (got.get(k) !== w) out.push(`browser: stale ${k} (${got.get(k)} ≠ ${w})`);
      }
      for (const k of got.keys()) if (!want.has(k as string)) out.push(`browser: ghost ${k}`);
    }
  }
  return out;
}

/** Polls until every view agrees twice in a row, 300 ms apart; the time from `from` to the first of them. */
async function converge(from: number, timeoutMs = 30_000): Promise<{ ms?: number; left: string[]; first: string[] }> {
  let left: string[] = [];
  let first: string[] | undefined;
  let firstOk: number | undefined;
  while (Date.now() - from < timeoutMs) {
    const at = Date.now();
    left = await divergences().catch((e: Error) => [`truth: ${e.message}`]);
    first ??= left;
    if (left.length === 0) {
      if (firstOk !== undefined && at - firstOk >= 300) return { ms: firstOk - from, left, first };
      firstOk ??= at;
    } else firstOk = undefined;
    await sleep(100);
  }
  return { left, first: first ?? left };
}

// ---------- the faults
const pidOf = (name: string) => {
  const rec = readPid(paths.pids, name);
  if (!rec || !isAlive(rec)) throw new Error(`${name} is not running`);
  return rec.pid;
};
const freeze = async (name: string, ms: number) => {
  const pid = pidOf(name);
  process.kill(pid, 'SIGSTOP');
  try {
    await sleep(ms);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
};
const etcd = (path: string, body: object) =>
  fetch(`http://127.0.0.1:${state.ports.etcdClient}${path}`, { method: 'POST', body: JSON.stringify(body) }).then(
    (r) => r.json() as Promise<{ header?: { revision?: string } }>,
  );
const metric = async (name: string) =>
  metricSum(
    await fetch(`${base}/metrics`)
      .then((r) => r.text())
      .catch(() => ''),
    name,
  );

/**
 * Restarts a stopped component with `up()` and resolves with the moment the API server answered
 * /readyz again (straight, not through the proxy) — when the fault really ended; `up()` itself
 * returns later, after re-registering the simulated nodes.
 */
async function restart(): Promise<number> {
  let back: number | undefined;
  let done = false;
  const poll = (async () => {
    while (!done && back === undefined) {
      const r = await api('GET', '/readyz').catch(() => undefined);
      if (r?.status === 200) back = Date.now();
      else await sleep(100);
    }
  })();
  await up({ log: quiet });
  done = true;
  await poll;
  return back ?? Date.now();
}

interface Fault {
  kind: string;
  what: string;
  /** the fault cuts the views off from the cluster: their badge must leave "live" */
  cutsOff: boolean;
  /** the browser tab is what it acts on */
  browser?: boolean;
  /**
   * Injects the fault, holds it, ends it; resolves when it has ended, optionally with the moment
   * it ended (when that was before the call returned) and a note to read once the views converged.
   */
  run: () => Promise<void | { endedAt?: number; note?: () => Promise<string> | string }>;
}

const FAULTS: Fault[] = [
  {
    kind: 'cut',
    what: 'every connection closed, new ones refused for 6 s',
    cutsOff: true,
    run: async () => {
      proxy.set({ kind: 'refuse' });
      proxy.cutAll();
      await sleep(6000);
      proxy.set({ kind: 'pass' });
    },
  },
  {
    kind: 'blackhole',
    what: 'connections stay open, nothing delivered for 8 s',
    cutsOff: true,
    run: async () => {
      proxy.set({ kind: 'blackhole' });
      await sleep(8000);
      proxy.set({ kind: 'pass' });
    },
  },
  {
    kind: 'reset',
    what: 'RST on every connection carrying data (watches, log stream, probe)',
    cutsOff: false,
    run: async () => {
      const n = proxy.resetStreaming();
      return { note: () => `${n} connections reset` };
    },
  },
  {
    kind: 'latency',
    what: '400 ms + up to 300 ms jitter each way for 8 s',
    cutsOff: false,
    run: async () => {
      proxy.set({ kind: 'latency', baseMs: 400, jitterMs: 300 });
      await sleep(8000);
      proxy.set({ kind: 'pass' });
    },
  },
  {
    kind: 'throttle',
    what: '16 KB/s for all connections together for 8 s',
    cutsOff: false,
    run: async () => {
      proxy.set({ kind: 'throttle', bytesPerSecond: 16_000 });
      await sleep(8000);
      proxy.set({ kind: 'pass' });
    },
  },
  {
    kind: 'apiserver-freeze',
    what: 'kube-apiserver SIGSTOP for 8 s',
    cutsOff: true,
    run: () => freeze('kube-apiserver', 8000),
  },
  {
    kind: 'apiserver-restart',
    what: 'kube-apiserver stopped, started again',
    cutsOff: true,
    run: async () => {
      await stopProcess(paths.pids, 'kube-apiserver');
      await sleep(2000);
      return { endedAt: await restart() };
    },
  },
  {
    kind: 'etcd-freeze',
    what: 'etcd SIGSTOP for 8 s',
    cutsOff: true,
    run: () => freeze('etcd', 8000),
  },
  {
    kind: 'etcd-restart',
    what: 'etcd stopped, started again',
    cutsOff: true,
    run: async () => {
      await stopProcess(paths.pids, 'etcd');
      await sleep(2000);
      return { endedAt: await restart() };
    },
  },
  {
    kind: 'compaction-410',
    what: 'cut off, etcd compacted, API server restarted: every resume is 410 Gone',
    cutsOff: true,
    run: async () => {
      const before = await metric('podscope_watch_expired_total');
      proxy.set({ kind: 'refuse' });
      proxy.cutAll();
      await sleep(3000); // churn goes on meanwhile
      const rev = (await etcd('/v3/kv/range', { key: Buffer.from('/').toString('base64') })).header?.revision;
      await etcd('/v3/kv/compaction', { revision: rev, physical: true });
      await stopProcess(paths.pids, 'kube-apiserver');
      await up({ log: quiet });
      proxy.set({ kind: 'pass' });
      // (the resumes' 410s are counted by the time the views converged)
      return { note: async () => `${(await metric('podscope_watch_expired_total')) - before} × 410 Gone, compacted at revision ${rev}` };
    },
  },
  {
    kind: 'podscope-restart',
    what: 'Podscope SIGTERM, started again on the same data directory, tabs open',
    cutsOff: true,
    run: async () => {
      stopAppServer(APP);
      await startApp();
    },
  },
  {
    kind: 'browser-offline',
    what: 'the browser offline for 6 s (Playwright setOffline)',
    cutsOff: true,
    browser: true,
    run: async () => {
      await browserCtx!.setOffline(true);
      await sleep(6000);
      await browserCtx!.setOffline(false);
    },
  },
  {
    kind: 'tab-frozen',
    what: 'the tab frozen for 8 s (CDP Page.setWebLifecycleState)',
    cutsOff: false,
    browser: true,
    run: async () => {
      await cdp!.send('Page.setWebLifecycleState', { state: 'frozen' });
      await sleep(8000);
      await cdp!.send('Page.setWebLifecycleState', { state: 'active' });
    },
  },
];

const SHORT_KINDS = ['cut', 'blackhole', 'reset', 'apiserver-freeze', 'compaction-410', 'podscope-restart'];
const plan: Fault[] = [];
for (let r = 0; r < ROUNDS; r++)
  for (const f of FAULTS) if ((SHORT ? SHORT_KINDS.includes(f.kind) : true) && (!f.browser || BROWSER)) plan.push(f);

// ---------- run
interface Row {
  n: number;
  kind: string;
  what: string;
  faultMs: number;
  staleShown: string;
  convergeMs?: number;
  /** what the views got wrong at the first comparison after the fault (the checker at work) */
  atEnd: string[];
  divergences: string[];
  note: string;
}
const rows: Row[] = [];
say('waiting for every view to agree with the API server before the first fault');
const initial = await converge(Date.now(), 120_000);
if (initial.ms === undefined) throw new Error(`the views never agreed before any fault: ${initial.left.slice(0, 5).join('; ')}`);
follower.start();
guard.stop(() => follower.stop());
startWriter();
await sleep(2000);

for (const [i, f] of plan.entries()) {
  // a fault starts from views that agree (a leftover from the last one would be counted twice)
  await converge(Date.now(), 30_000);
  churning = true;
  const t0 = Date.now();
  const how = (await f.run()) ?? {};
  const ended = how.endedAt ?? Date.now();
  churning = false; // the comparison needs a cluster that holds still; churn resumes with the next fault
  const res = await converge(ended);
  const note = (await how.note?.()) ?? '';
  const badges = f.browser ? [browserBadge] : [stream.badge, follower.badge, ...(page ? [browserBadge] : [])];
  const shown = badges.every((b) => b.nonLiveDuring(t0, ended + (res.ms ?? 0)));
  const row: Row = {
    n: i + 1,
    kind: f.kind,
    what: f.what,
    faultMs: ended - t0,
    staleShown: f.cutsOff ? (shown ? 'yes' : 'NO') : shown ? 'yes (not required)' : 'no (not required)',
    convergeMs: res.ms,
    atEnd: res.first,
    divergences: res.ms === undefined ? res.left : [],
    note,
  };
  rows.push(row);
  say(
    `${row.n}/${plan.length} ${f.kind}: ${res.ms === undefined ? `NOT converged after 30 s: ${res.left.slice(0, 4).join('; ')}` : `converged in ${res.ms} ms`}, stale shown ${row.staleShown}${note ? ` (${note})` : ''}`,
  );
}

// ---------- the log: every numbered line exactly once
clearInterval(writer);
const lastSeq = written - 1;
const seqs = () => follower.lines.filter((l) => l.startsWith(MARK)).map((l) => Number(l.slice(MARK.length)));
for (let i = 0; i < 100 && !seqs().includes(lastSeq); i++) await sleep(100);
const got = seqs();
const counts = new Map<number, number>();
for (const s of got) counts.set(s, (counts.get(s) ?? 0) + 1);
let lost = 0;
for (let s = 0; s <= lastSeq; s++) if (!counts.has(s)) lost++;
const repeated = [...counts.values()].reduce((n, c) => n + c - 1, 0);

// ---------- the table
const conv = rows.map((r) => r.convergeMs).filter((m): m is number => m !== undefined);
const sorted = [...conv].sort((a, b) => a - b);
const p = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
const unconverged = rows.filter((r) => r.convergeMs === undefined);
const notShown = rows.filter((r) => r.staleShown === 'NO');
const summary = {
  date: new Date().toISOString(),
  short: SHORT,
  browser: BROWSER,
  faults: rows.length,
  kinds: new Set(rows.map((r) => r.kind)).size,
  divergencesAfterConvergence: unconverged.length,
  convergenceP50Ms: p(0.5),
  convergenceP95Ms: p(0.95),
  convergenceMaxMs: sorted.at(-1) ?? NaN,
  badgeStayedLive: notShown.length,
  churnOps,
  logLinesWritten: written,
  logLinesReceived: got.length,
  logLinesLost: lost,
  logLinesRepeated: repeated,
  logReconnects: follower.reconnects,
  streamReconnects: stream.reconnects,
};
const targets = [
  [
    SHORT ? 'faults ≥ 20 of ≥ 10 kinds (the full run only)' : 'faults ≥ 20 of ≥ 10 kinds',
    SHORT || (summary.faults >= 20 && summary.kinds >= 10),
  ],
  ['0 divergences after convergence', summary.divergencesAfterConvergence === 0],
  ['convergence p95 ≤ 5 s', summary.convergenceP95Ms <= 5000],
  ['0 lost or repeated log lines', lost === 0 && repeated === 0 && got.length > 0],
  ['badge left "live" in every fault that cut a view off', notShown.length === 0],
] as const;

const md = [
  `# Fault injection${SHORT ? ' (short, CI)' : ''} — ${summary.date}`,
  '',
  `${summary.faults} faults of ${summary.kinds} kinds, with pod churn (${churnOps} creates, deletes and patches during the faults). Views: pod list, pod page (object), events, triage, a followed log${BROWSER ? ', a Chromium tab of the pod list' : ''}.`,
  '',
  '| # | fault | what | fault lasted | stale shown | wrong when it ended | converged after | left diverging / note |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.n} | ${r.kind} | ${r.what} | ${(r.faultMs / 1000).toFixed(1)} s | ${r.staleShown} | ${r.atEnd.length ? `${r.atEnd.length}: ${r.atEnd.slice(0, 2).join('; ')}${r.atEnd.length > 2 ? '; …' : ''}` : 'nothing'} | ${r.convergeMs === undefined ? '**not in 30 s**' : `${r.convergeMs} ms`} | ${[r.divergences.slice(0, 3).join('; '), r.note].filter(Boolean).join(' — ')} |`,
  ),
  '',
  `Convergence p50 ${summary.convergenceP50Ms} ms, p95 ${summary.convergenceP95Ms} ms, max ${summary.convergenceMaxMs} ms (from the fault's end to every view agreeing with the API server, twice 300 ms apart).`,
  `Log: ${written} numbered lines written, ${got.length} received, ${lost} lost, ${repeated} repeated, over ${follower.reconnects} reconnects of the follower (${stream.reconnects} of the stream).`,
  '',
  ...targetsTable(targets),
  '',
].join('\n');
writeResults(OUT, md, { summary, targets: Object.fromEntries(targets), rows });
say(`results in ${OUT}.md and .json`);
await guard.cleanup();
process.exit(targets.every(([, met]) => met) ? 0 : 1);
