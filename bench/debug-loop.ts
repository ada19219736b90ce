// The debugging loop's second half, measured against kubectl on the same pod of a local cluster
// of its own (loopback only): a shell's keystroke-to-echo latency (one byte written to `cat`,
// the time until it comes back) through Podscope's WebSocket and through `kubectl exec -i`, and
// port-forward throughput (a 128 MiB download from the pod's port, after one not counted) through Podscope's HTTP
// forward, its TCP forward (local mode) and `kubectl port-forward`, with the pod server itself
// read directly for reference. Writes bench/results/debug-loop-latest.{md,json}.
// Targets (#15): keystroke p95 ≤ 2× kubectl's and ≤ 50 ms; port-forward throughput ≥ 0.8×
// kubectl's. Podscope's like of `kubectl port-forward` is its TCP forward (bytes in, bytes out);
// the HTTP forward is a proxy (it parses each answer, drops headers, adds a sandbox) and is shown
// beside it, with its ratio, as what a browser gets.
// Usage: npm run bench:debug [-- --keys 300 --mib 128 --runs 5]
import './resolve-hooks.ts';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

const REPO = join(import.meta.dirname, '..');
process.env.PODSCOPE_CLUSTER_DIR ??= join(REPO, '.local-cluster-debug');

const { values } = parseArgs({
  options: { keys: { type: 'string', default: '300' }, mib: { type: 'string', default: '128' }, runs: { type: 'string', default: '5' } },
});
const KEYS = Math.min(5000, Math.max(20, Number(values.keys)));
const BYTES = Math.min(1024, Math.max(1, Number(values.mib))) * 1024 * 1024;
const RUNS = Math.min(20, Math.max(1, Number(values.runs)));

const { up, readState } = await import('../local-cluster/lib/cluster.ts');
const { binDir, CONTEXT_NAME, paths } = await import('../local-cluster/lib/paths.ts');
const { kubectl } = await import('../local-cluster/lib/kubectl.ts');
const { startAppServer, stopAppServer } = await import('../e2e/app-server.ts');
const { freePort } = await import('../local-cluster/lib/processes.ts');
const { runGuard, targetsTable, writeResults } = await import('./harness.ts');
const guard = runGuard('debug-loop');
const say = (l: string) => console.log(`debug-loop: ${l}`);

await up({ log: () => {} });
const NS = 'bench-debug';
await kubectl(['create', 'namespace', NS], { allowFail: true });
await kubectl(['apply', '-f', '-'], {
  input: JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'target', namespace: NS },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
  }),
});
for (let i = 0; ; i++) {
  if ((await kubectl(['-n', NS, 'get', 'pod', 'target', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running') break;
  if (i > 120) throw new Error('the pod did not start');
  await sleep(500);
}
const { url: base } = await startAppServer({ name: 'debug-loop-server', env: { PODSCOPE_EXEC: 'on', PODSCOPE_PORT_FORWARD: 'on' } });
guard.stop(() => stopAppServer('debug-loop-server'));
say(`Podscope at ${base}`);
const podBase = `${base}/api/c/${encodeURIComponent(CONTEXT_NAME)}/pods/${NS}/target`;
const host = new URL(base).host;
const kubectlExe = join(binDir(), 'kubectl');
const kenv = { ...process.env, KUBECONFIG: paths.kubeconfig };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Writes one byte at a time and waits for it to come back; the round trips in ms. */
async function echoes(write: (b: Buffer) => void, onData: (cb: (d: Buffer) => void) => void): Promise<number[]> {
  let waiting: ((d: Buffer) => void) | undefined;
  onData((d) => waiting?.(d));
  const times: number[] = [];
  // a warm-up byte first (the first read of a new process is not a keystroke)
  for (let i = -5; i < KEYS; i++) {
    const ch = Buffer.from([97 + ((i + 5) % 26)]);
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no echo in 5 s')), 5000);
      waiting = (d) => {
        if (d.includes(ch[0])) {
          clearTimeout(timer);
          resolve();
        }
      };
      write(ch);
    });
    if (i >= 0) times.push(performance.now() - t);
  }
  return times;
}

async function podscopeKeys(): Promise<number[]> {
  const info = (await (await fetch(`${podBase}/exec`)).json()) as { csrf: string };
  const ws = new WebSocket(
    `ws://${host}${new URL(podBase).pathname}/exec?container=app&command=cat&tty=false`,
    ['podscope.exec.v1', `csrf.${info.csrf}`],
    {
      headers: { origin: base },
    },
  );
  ws.binaryType = 'nodebuffer';
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (d, binary) => !binary && JSON.parse(String(d)).type === 'started' && resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, r) => reject(new Error(`upgrade refused: ${r.statusCode}`)));
  });
  const times = await echoes(
    (b) => ws.send(b),
    (cb) => ws.on('message', (d: Buffer, binary) => binary && cb(d)),
  );
  ws.close();
  return times;
}

async function kubectlKeys(): Promise<number[]> {
  const child = spawn(kubectlExe, ['-n', NS, 'exec', '-i', 'target', '-c', 'app', '--', 'cat'], {
    env: kenv,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  guard.stop(() => child.kill());
  await sleep(1500); // connected (the warm-up bytes wait for the first answer anyway)
  const times = await echoes(
    (b) => child.stdin.write(b),
    (cb) => child.stdout.on('data', cb),
  );
  child.kill();
  return times;
}

/**
 * MiB/s of one download of BYTES from `url` (read to the end, nothing kept). The reader is
 * node:http with the bytes counted and dropped: the cheapest reader Node has (web streams cost
 * more per chunk), so on this 2-core machine the client takes as little CPU as it can from the
 * paths being measured, alike for every path.
 */
function download(url: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${url}bytes?n=${BYTES}`, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`${url}: HTTP ${res.statusCode}`));
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => {
          if (n !== BYTES) reject(new Error(`${url}: ${n} of ${BYTES} bytes`));
          else resolve(BYTES / 1024 / 1024 / ((performance.now() - t) / 1000));
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
const median = (xs: number[]) => pct(xs, 50);

/**
 * The median MiB/s of each path, downloads interleaved (one of each per round, so a busier
 * moment of the machine hits every path alike), after one warm-up download each (the first
 * megabytes through a path run cold: JIT, TCP windows).
 */
async function throughputs(urls: Record<string, string>): Promise<Record<string, number>> {
  for (const url of Object.values(urls)) await download(url);
  const xs: Record<string, number[]> = Object.fromEntries(Object.keys(urls).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) for (const [k, url] of Object.entries(urls)) xs[k].push(await download(url));
  return Object.fromEntries(Object.entries(xs).map(([k, v]) => [k, median(v)]));
}

async function podscopeForward(kind: 'http' | 'tcp'): Promise<{ url: string; close: () => Promise<void> }> {
  const info = (await (await fetch(`${podBase}/forwards`)).json()) as { csrf: string };
  const res = await fetch(`${podBase}/forwards`, {
    method: 'POST',
    headers: { origin: base, 'x-podscope-csrf': info.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ port: 8080, kind }),
  });
  if (res.status !== 200) throw new Error(`forward refused: ${await res.text()}`);
  const f = (await res.json()) as { id: string; url: string };
  return {
    url: f.url.startsWith('/') ? `${base}${f.url}` : f.url,
    close: async () =>
      void (await fetch(`${podBase}/forwards/${f.id}`, { method: 'DELETE', headers: { origin: base, 'x-podscope-csrf': info.csrf } })),
  };
}

async function kubectlForward(): Promise<{ url: string; close: () => void }> {
  const port = await freePort();
  const child = spawn(kubectlExe, ['-n', NS, 'port-forward', 'pod/target', `${port}:8080`, '--address', '127.0.0.1'], {
    env: kenv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  guard.stop(() => child.kill());
  await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('Forwarding from') && resolve()));
  return { url: `http://127.0.0.1:${port}/`, close: () => child.kill() };
}

say(`keystroke echo, ${KEYS} keys each`);
const kKeys = await kubectlKeys();
const pKeys = await podscopeKeys();
say(`port-forward, ${RUNS} downloads of ${BYTES / 1024 / 1024} MiB each`);
const kf = await kubectlForward();
const hf = await podscopeForward('http');
const tf = await podscopeForward('tcp');
const t = await throughputs({ direct: `http://127.0.0.1:${readState()!.ports.podHttp}/`, kubectl: kf.url, http: hf.url, tcp: tf.url });
kf.close();
await hf.close();
await tf.close();
const { direct, kubectl: kThroughput, http: hThroughput, tcp: tThroughput } = t;

const ms = (x: number) => `${x.toFixed(1)} ms`;
const mbs = (x: number) => `${x.toFixed(0)} MiB/s`;
const keyTarget = pct(pKeys, 95) <= 2 * pct(kKeys, 95) && pct(pKeys, 95) <= 50;
const targets = [
  [`shell keystroke echo p95 through Podscope ≤ 2× kubectl exec and ≤ 50 ms (${ms(pct(pKeys, 95))} vs ${ms(pct(kKeys, 95))})`, keyTarget],
  [
    `port-forward through Podscope (TCP, local mode) ≥ 0.8× kubectl port-forward (${mbs(tThroughput)} vs ${mbs(kThroughput)})`,
    tThroughput >= 0.8 * kThroughput,
  ],
] as const;
const md = [
  `# Debugging loop benchmark (${new Date().toISOString().slice(0, 16)}Z)`,
  '',
  `One simulated pod on a local cluster of its own; ${KEYS} keystrokes each, ${RUNS} downloads of ${BYTES / 1024 / 1024} MiB per path, interleaved, after one warm-up each (median).`,
  '',
  '| measure | Podscope | kubectl |',
  '| --- | --- | --- |',
  `| keystroke → echo p50 | ${ms(pct(pKeys, 50))} | ${ms(pct(kKeys, 50))} |`,
  `| keystroke → echo p95 | ${ms(pct(pKeys, 95))} | ${ms(pct(kKeys, 95))} |`,
  `| keystroke → echo max | ${ms(Math.max(...pKeys))} | ${ms(Math.max(...kKeys))} |`,
  `| port-forward throughput, HTTP forward (a proxy: ${(hThroughput / kThroughput).toFixed(2)}× kubectl's) | ${mbs(hThroughput)} | ${mbs(kThroughput)} |`,
  `| port-forward throughput, TCP forward (local mode) | ${mbs(tThroughput)} | ${mbs(kThroughput)} |`,
  `| the pod server read directly (reference) | ${mbs(direct)} | |`,
  '',
  ...targetsTable(targets),
  '',
].join('\n');
writeResults(join(REPO, 'bench', 'results', 'debug-loop-latest'), md, {
  keys: { podscope: pKeys, kubectl: kKeys },
  throughputMiBs: { podscopeHttp: hThroughput, podscopeTcp: tThroughput, kubectl: kThroughput, direct },
  targets,
});
await guard.cleanup();
process.exit(0);
