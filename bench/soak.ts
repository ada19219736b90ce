// Podscope's soak: a bounded run against the local cluster in scale mode (its own state directory,
// loopback only). 50 stream clients (each an all-namespaces pod list with its diagnoses), 10
// followed logs and pod churn for 10 minutes, then every client gone. Samples Podscope's /metrics
// every 10 s and prints a table per minute: resident memory, heap, upstream watches, streams, log
// streams, the longest event-loop stall. Writes bench/results/soak-latest.{md,json}.
// Targets: RSS of the last minute within 10 % of the first; watches and streams back to their
// baseline once the clients left; no event-loop stall over 200 ms during the soak.
// Usage: node bench/soak.ts [--minutes 10] [--clients 50] [--logs 10] [--pods 2000] [--namespaces 40] [--nodes 20] [--rate 20]
import './resolve-hooks.ts';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const REPO = join(import.meta.dirname, '..');
process.env.PODSCOPE_CLUSTER_DIR ??= join(REPO, '.local-cluster-soak');

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    clients: { type: 'string', default: '50' },
    logs: { type: 'string', default: '10' },
    pods: { type: 'string', default: '2000' },
    namespaces: { type: 'string', default: '40' },
    nodes: { type: 'string', default: '20' },
    rate: { type: 'string', default: '20' },
  },
});
const N = {
  minutes: Math.min(60, Math.max(1, Number(values.minutes))),
  clients: Math.min(200, Math.max(1, Number(values.clients))),
  logs: Math.min(50, Math.max(0, Number(values.logs))),
  pods: Number(values.pods),
  namespaces: Number(values.namespaces),
  nodes: Number(values.nodes),
  rate: Number(values.rate),
};

const { up } = await import('../local-cluster/lib/cluster.ts');
const { CONTEXT_NAME } = await import('../local-cluster/lib/paths.ts');
const { scaleUp, churn, apiClient, SCALE_NS_PREFIX } = await import('../local-cluster/sim/scale.ts');
const { startAppServer, stopAppServer } = await import('../e2e/app-server.ts');
const { openClient } = await import('./sse-client.ts');
const { LogFollower } = await import('./chaos/views.ts');

const { metricSum, runGuard, targetsTable, writeResults } = await import('./harness.ts');
const guard = runGuard('soak');
const say = (l: string) => console.log(`soak: ${l}`);

await up({ log: () => {} });
const t0 = Date.now();
await scaleUp({ pods: N.pods, namespaces: N.namespaces, nodes: N.nodes, log: () => {} });
say(`cluster: ${N.pods} pods in ${N.namespaces} namespaces on ${N.nodes} nodes, ready in ${Math.round((Date.now() - t0) / 1000)} s`);

const { url: base, pid } = await startAppServer({ name: 'soak-server' });
guard.stop(() => stopAppServer('soak-server'));
say(`Podscope at ${base} (pid ${pid})`);

async function metrics(): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const sum = (name: string) => metricSum(text, name);
  return {
    rss: sum('process_resident_memory_bytes'),
    heap: sum('nodejs_heap_size_used_bytes'),
    heapTotal: sum('nodejs_heap_size_total_bytes'),
    external: sum('nodejs_external_memory_bytes'),
    watches: sum('podscope_upstream_watches'),
    sse: sum('podscope_sse_clients'),
    logs: sum('podscope_log_streams'),
    stall: sum('podscope_event_loop_longest_stall_seconds'),
    stallsOver200: sum('podscope_event_loop_stall_seconds_count') - bucket(text, 'podscope_event_loop_stall_seconds_bucket', '0.2'),
  };
}
function bucket(text: string, name: string, le: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{le="${le}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

// the baseline: the server with no client (the local-mode flight recorder watches on its own)
await sleep(5000);
const before = await metrics();
say(`baseline: ${before.watches} upstream watches, ${before.sse} streams, ${before.logs} log streams, RSS ${mb(before.rss)} MB`);

// clients, log followers, churn
const clients = Array.from({ length: N.clients }, () => openClient(base, CONTEXT_NAME));
await Promise.all(clients.map((c) => c.ready));
// (the longest stall of the minute before the soak: startup, the first sync, 50 clients asking for every pod at once)
const connectStall = (await metrics()).stall;
say(`${N.clients} stream clients have their snapshot (longest stall before the soak: ${ms(connectStall)} ms)`);
const api = apiClient();
const logPods: string[] = [];
for (let i = 0; logPods.length < N.logs && i < N.namespaces; i++) {
  const ns = `${SCALE_NS_PREFIX}${String(i).padStart(3, '0')}`;
  const r = await api('GET', `/api/v1/namespaces/${ns}/pods?limit=1&fieldSelector=status.phase%3DRunning`);
  const p = (JSON.parse(r.body) as { items?: { metadata: { name: string }; spec: { containers: { name: string }[] } }[] }).items?.[0];
  if (p) logPods.push(`${ns}/${p.metadata.name}?container=${p.spec.containers[0].name}`);
}
const followers = logPods.map((k) => {
  const [path, q] = k.split('?');
  const f = new LogFollower(base, `/api/c/${CONTEXT_NAME}/pods/${path}/logs?${q}&follow=1`);
  f.start();
  return f;
});
const abort = new AbortController();
const churning = churn({ rate: N.rate, durationSeconds: N.minutes * 60, namespaces: N.namespaces, signal: abort.signal, log: () => {} });

interface Sample extends Record<string, number> {
  at: number;
}
const samples: Sample[] = [];
const start = Date.now();
const stallsAtStart = (await metrics()).stallsOver200;
while (Date.now() - start < N.minutes * 60_000) {
  await sleep(10_000);
  const m = await metrics();
  samples.push({ at: Date.now() - start, ...m });
  if (samples.length % 6 === 0)
    say(
      `minute ${samples.length / 6}: RSS ${mb(m.rss)} MB, heap ${mb(m.heap)} MB, ${m.watches} watches, ${m.sse} streams, ${m.logs} log streams, longest stall (last 60 s) ${ms(m.stall)} ms`,
    );
}
abort.abort();
const churned = await churning;
const stallsOver200 = (await metrics()).stallsOver200 - stallsAtStart;
const linesFollowed = followers.reduce((n, f) => n + f.lines.length, 0);

// every client leaves; the caches linger 30 s after their last subscriber, then stop
for (const c of clients) c.close();
for (const f of followers) f.stop();
let after = await metrics();
for (let i = 0; i < 30 && (after.watches > before.watches || after.sse > before.sse || after.logs > before.logs); i++) {
  await sleep(2000);
  after = await metrics();
}

// ---------- the table
function mb(b: number) {
  return Math.round(b / 1048576);
}
function ms(s: number) {
  return Math.round(s * 1000);
}
const minutes = Array.from({ length: N.minutes }, (_, i) => samples.filter((s) => s.at > i * 60_000 && s.at <= (i + 1) * 60_000));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const rssFirst = avg(minutes[0].map((s) => s.rss));
const rssLast = avg(minutes.at(-1)!.map((s) => s.rss));
const growth = (rssLast - rssFirst) / rssFirst;
// the gauge covers the last 60 s: samples from the second minute on see only the soak itself
const longest = Math.max(...samples.filter((s) => s.at >= 60_000).map((s) => s.stall));
// the heap's lowest point in a minute is after a collection: what is really kept
const trough = (xs: Sample[]) => Math.min(...xs.map((s) => s.heap));
const targets = [
  ['RSS growth first → last minute < 10 %', growth < 0.1],
  ['upstream watches back to baseline', after.watches <= before.watches],
  ['streams and log streams back to baseline', after.sse <= before.sse && after.logs <= before.logs],
  ['no event-loop stall over 200 ms', stallsOver200 === 0 && longest <= 0.2],
] as const;
const md = [
  `# Soak — ${new Date().toISOString()}`,
  '',
  `${N.minutes} min, ${N.clients} stream clients (all-namespaces pod list + diagnoses), ${followers.length} followed logs (${linesFollowed} lines), churn ${N.rate} ops/s (${churned.ops} ops: ${churned.updates} updates, ${churned.deletes} deletes, ${churned.errors} errors), ${N.pods} pods in ${N.namespaces} namespaces on ${N.nodes} nodes.`,
  '',
  '| minute | RSS (MB) | heap used, avg / lowest (MB) | heap total (MB) | external (MB) | upstream watches | streams | log streams | longest stall, last 60 s (ms) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  `| before (no client) | ${mb(before.rss)} | ${mb(before.heap)} | ${mb(before.heapTotal)} | ${mb(before.external)} | ${before.watches} | ${before.sse} | ${before.logs} | ${ms(before.stall)} |`,
  ...minutes.map((xs, i) => {
    const last = xs.at(-1)!;
    return `| ${i + 1} | ${mb(avg(xs.map((s) => s.rss)))} | ${mb(avg(xs.map((s) => s.heap)))} / ${mb(trough(xs))} | ${mb(avg(xs.map((s) => s.heapTotal)))} | ${mb(avg(xs.map((s) => s.external)))} | ${last.watches} | ${last.sse} | ${last.logs} | ${ms(Math.max(...xs.map((s) => s.stall)))} |`;
  }),
  `| after (clients gone) | ${mb(after.rss)} | ${mb(after.heap)} | ${mb(after.heapTotal)} | ${mb(after.external)} | ${after.watches} | ${after.sse} | ${after.logs} | ${ms(after.stall)} |`,
  '',
  `RSS first minute ${mb(rssFirst)} MB, last minute ${mb(rssLast)} MB: ${(growth * 100).toFixed(1)} %. Lowest heap (after a collection) first minute ${mb(trough(minutes[0]))} MB, last ${mb(trough(minutes.at(-1)!))} MB. Stalls over 200 ms during the soak: ${stallsOver200}; longest ${ms(longest)} ms (before the soak — startup, the first sync, ${N.clients} clients connecting at once — ${ms(connectStall)} ms).`,
  '',
  ...targetsTable(targets),
  '',
].join('\n');
const out = join(REPO, 'bench', 'results', 'soak-latest');
writeResults(out, md, { N, before, after, connectStall, samples, stallsOver200, growth, targets: Object.fromEntries(targets) });
say(`results in ${out}.md and .json`);
await guard.cleanup();
process.exit(targets.every(([, met]) => met) ? 0 : 1);
