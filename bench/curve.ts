// The cost curve: the same benchmark (bench/run.ts) at several cluster sizes on one local cluster,
// grown between sizes, then one table and a plot of how each cost grows with the number of pods.
// Usage (through scripts/own-cluster.sh, which gives it a cluster of its own and stops it after):
//   npm run bench:curve                       (1,000 / 3,000 / 10,000 / 30,000 pods)
//   npm run bench:curve -- --sizes 1000,3000  (any ascending sizes)
// Writes bench/results/curve-<pods>.{json,md} per size, and curve.{json,md,png}.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const REPO = join(import.meta.dirname, '..');
const RESULTS = join(REPO, 'bench', 'results');
const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '1000,3000,10000,30000' }, samples: { type: 'string', default: '25' } },
});
const sizes = values.sizes!.split(',').map(Number);
if (sizes.some((n, i) => !Number.isInteger(n) || n < 100 || n > 50_000 || (i > 0 && n <= sizes[i - 1])))
  throw new Error('--sizes: ascending pod counts between 100 and 50000, comma-separated');

/** The issue's shape of a cluster: 10,000 pods in 200 namespaces on 100 nodes, 30,000 in 500 on 300. */
const shapeOf = (pods: number) =>
  pods === 30_000
    ? { namespaces: 500, nodes: 300 }
    : { namespaces: Math.max(5, Math.round(pods / 50)), nodes: Math.max(5, Math.round(pods / 100)) };

interface Row {
  key?: string;
  metric: string;
  value: string;
  pass: boolean | null;
  raw?: unknown;
}
interface Result {
  date: string;
  params: { pods: number; namespaces: number; nodes: number };
  rows: Row[];
}

for (const pods of sizes) {
  // (CURVE_REUSE=1: plot again from the sizes already measured, running only the missing ones)
  if (process.env.CURVE_REUSE && existsSync(join(RESULTS, `curve-${pods}.json`))) continue;
  const { namespaces, nodes } = shapeOf(pods);
  console.log(`curve: ${pods} pods, ${namespaces} namespaces, ${nodes} nodes`);
  const r = spawnSync(
    process.execPath,
    [
      join(REPO, 'bench', 'run.ts'),
      ...['--pods', String(pods), '--namespaces', String(namespaces), '--nodes', String(nodes)],
      ...['--samples', values.samples!, '--out', `curve-${pods}`],
    ],
    { stdio: 'inherit', env: process.env },
  );
  if (r.status !== 0) throw new Error(`the benchmark at ${pods} pods failed (exit ${r.status})`);
}

const results: Result[] = sizes.map((pods) => JSON.parse(readFileSync(join(RESULTS, `curve-${pods}.json`), 'utf8')) as Result);
const raw = (res: Result, key: string) => res.rows.find((r) => r.key === key)?.raw;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))];

/** The measures the curve follows, each a number per size (ms or MB). */
const MEASURES: { label: string; unit: string; panel: string; of: (r: Result) => number | undefined }[] = [
  { label: 'first rows, cold', unit: 'ms', panel: 'first rows', of: (r) => raw(r, 'firstRows.cold') as number },
  { label: 'first rows, warm', unit: 'ms', panel: 'first rows', of: (r) => raw(r, 'firstRows.warm') as number },
  {
    label: 'event to screen p95, list',
    unit: 'ms',
    panel: 'event to screen',
    of: (r) => (raw(r, 'eventToScreen.list') as { p95: number })?.p95,
  },
  {
    label: 'event to screen p95, pod page',
    unit: 'ms',
    panel: 'event to screen',
    of: (r) => (raw(r, 'eventToScreen.pod') as { p95: number })?.p95,
  },
  {
    label: 'kubectl get -w p95 (reference)',
    unit: 'ms',
    panel: 'event to screen',
    of: (r) => (raw(r, 'eventToScreen.list') as { kubectlP95: number })?.kubectlP95,
  },
  {
    label: 'longest main-thread task',
    unit: 'ms',
    panel: 'longest task',
    of: (r) => Math.max(0, ...((raw(r, 'longestTask') as number[]) ?? [])),
  },
  { label: 'server RSS, 1 client', unit: 'MB', panel: 'server RSS', of: (r) => (raw(r, 'rss.1') as { rss: number })?.rss / 2 ** 20 },
  { label: 'server RSS, 50 clients', unit: 'MB', panel: 'server RSS', of: (r) => (raw(r, 'rss.50') as { rss: number })?.rss / 2 ** 20 },
  { label: 'triage board, warm', unit: 'ms', panel: '', of: (r) => raw(r, 'triage') as number },
  { label: 'events explorer first paint', unit: 'ms', panel: '', of: (r) => raw(r, 'eventsExplorer') as number },
  { label: 'shared diagnosis full pass', unit: 'ms', panel: '', of: (r) => raw(r, 'sharedDiagnosis') as number },
  { label: 'crash-loop badge p95', unit: 'ms', panel: '', of: (r) => p95((raw(r, 'badge') as number[]) ?? [NaN]) },
];

/**
 * How fast a measure grows: the steepest step's exponent k in cost ∝ pods^k (1 is linear). Steps
 * where both values are under a floor (20 ms, where timer and frame noise dominate) do not count.
 */
function exponent(xs: (number | undefined)[], unit: string): number | undefined {
  let worst: number | undefined;
  const floor = unit === 'ms' ? 20 : 0;
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1],
      b = xs[i];
    if (a === undefined || b === undefined || !(a > 0) || !(b > 0) || Math.max(a, b) < floor) continue;
    const k = Math.log(b / Math.max(a, floor)) / Math.log(sizes[i] / sizes[i - 1]);
    worst = worst === undefined ? k : Math.max(worst, k);
  }
  return worst;
}

const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : String(Math.round(v)));
const series = MEASURES.map((m) => ({ ...m, values: results.map(m.of) }));
const failing = (r: Result) => r.rows.filter((x) => x.pass === false).map((x) => x.key ?? x.metric);
const table = [
  `| measure | ${sizes.map((n) => `${n.toLocaleString('en')} pods`).join(' | ')} | steepest growth (pods^k) | no faster than linear? |`,
  `|---|${sizes.map(() => '---|').join('')}---|---|`,
  ...series.map((s) => {
    const k = exponent(s.values, s.unit);
    return `| ${s.label} (${s.unit}) | ${s.values.map(fmt).join(' | ')} | ${k === undefined ? '–' : `k = ${k.toFixed(2)}`} | ${k === undefined ? '' : k <= 1 ? 'yes' : 'NO'} |`;
  }),
  `| RSS per pod, 1 client (KB) | ${results.map((r) => ((raw(r, 'rss.1') as { perPodKB: number })?.perPodKB ?? NaN).toFixed(1)).join(' | ')} | | |`,
  `| targets missed | ${results.map((r) => failing(r).join(', ') || 'none').join(' | ')} | | |`,
].join('\n');
const date = new Date().toISOString();
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB`;
const md = `Podscope cost curve, ${date}, ${machine}; sizes ${sizes.join(' / ')} pods (${sizes.map((n) => `${shapeOf(n).namespaces} ns / ${shapeOf(n).nodes} nodes`).join(', ')}), churn 100/s\n\n${table}\n\n![cost curve](curve.png)\n`;
console.log(`\n${md}`);
writeFileSync(join(RESULTS, 'curve.md'), md);
writeFileSync(join(RESULTS, 'curve.json'), JSON.stringify({ date, machine, sizes, series }, null, 2));
await plot();
console.log(`curve: results in ${join(RESULTS, 'curve.md')} and curve.png`);

/** Four panels (log-scaled pods across, the measure up), drawn as SVG and photographed by Chromium. */
async function plot() {
  const W = 460,
    H = 300,
    M = { l: 56, r: 12, t: 28, b: 40 };
  const colors = ['#2563eb', '#dc2626', '#16a34a', '#9333ea'];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const panels = ['first rows', 'event to screen', 'longest task', 'server RSS'].map((name) => {
    const ss = series.filter((s) => s.panel === name);
    const ys = ss.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
    const yMax = Math.max(1, ...ys) * 1.1;
    const lx = (n: number) =>
      M.l + ((Math.log(n) - Math.log(sizes[0])) / Math.max(1e-9, Math.log(sizes.at(-1)!) - Math.log(sizes[0]))) * (W - M.l - M.r);
    const ly = (v: number) => H - M.b - (v / yMax) * (H - M.t - M.b);
    const unit = ss[0]?.unit ?? '';
    const grid = [0, 0.25, 0.5, 0.75, 1]
      .map((f) => {
        const v = f * yMax;
        return `<line x1="${M.l}" x2="${W - M.r}" y1="${ly(v)}" y2="${ly(v)}" stroke="#e5e7eb"/><text x="${M.l - 6}" y="${ly(v) + 4}" text-anchor="end" font-size="11">${Math.round(v)}</text>`;
      })
      .join('');
    const xt = sizes
      .map((n) => `<text x="${lx(n)}" y="${H - M.b + 16}" text-anchor="middle" font-size="11">${n >= 1000 ? `${n / 1000}k` : n}</text>`)
      .join('');
    const lines = ss
      .map((s, i) => {
        const pts = s.values
          .map((v, j) => (v === undefined || !Number.isFinite(v) ? null : [lx(sizes[j]), ly(v)]))
          .filter(Boolean) as number[][];
        return `<polyline fill="none" stroke="${colors[i]}" stroke-width="2" points="${pts.map((p) => p.join(',')).join(' ')}"/>${pts.map((p) => `<circle cx="${p[0]}" cy="${p[1]}" r="3" fill="${colors[i]}"/>`).join('')}<text x="${M.l + 8}" y="${M.t + 14 + i * 14}" font-size="11" fill="${colors[i]}">${esc(s.label)}</text>`;
      })
      .join('');
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif"><text x="${W / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(name)} (${unit})</text>${grid}${xt}<text x="${W / 2}" y="${H - 6}" text-anchor="middle" font-size="11">pods (log scale)</text>${lines}</svg>`;
  });
  const html = `<!doctype html><html><body style="margin:0;background:#fff"><div id="c" style="display:grid;grid-template-columns:${W}px ${W}px;gap:8px;padding:8px;width:${2 * W + 24}px">${panels.join('')}</div></body></html>`;
  const { chromium } = await import('@playwright/test');
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('../e2e/chromium.ts');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 2 * W + 24, height: 2 * H + 24 } });
    await page.setContent(html);
    await page.locator('#c').screenshot({ path: join(RESULTS, 'curve.png') });
  } finally {
    await browser.close();
  }
}
