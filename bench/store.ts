// The flight recorder's two stores side by side: SQLite (a file in a temporary directory) and
// PostgreSQL (Debian's server, started here on 127.0.0.1 with a throwaway data directory, fsync
// on as in production). What the recorder writes for a cluster of --pods pods (each: 6 transitions
// and 3 events, as a pod's start and a crash loop's first rounds produce), queued the way the
// watch caches queue it, then committed; then the reads the pages make: a pod's transitions and
// events, and the events explorer's newest 500 across the cluster and in one namespace.
// Writes bench/results/store-latest.{md,json}. Usage: npm run bench:store [-- --pods 10000]
import './resolve-hooks.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const REPO = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { pods: { type: 'string', default: '10000' } } });
const PODS = Math.min(100_000, Math.max(100, Number(values.pods)));
const dataDir = mkdtempSync(join(tmpdir(), 'podscope-store-bench-'));
process.env.PODSCOPE_DATA_DIR = dataDir;

const { startPostgres } = await import('../local-cluster/lib/postgres.ts');
const { SqliteRecorderStore } = await import('../server/recorder/sqlite/recorder-store.ts');
const { PostgresRecorderStore } = await import('../server/recorder/postgres/store.ts');
const { runGuard, writeResults } = await import('./harness.ts');
type Store = import('../server/recorder/types.ts').RecorderStore;
const guard = runGuard('store');
guard.stop(() => rmSync(dataDir, { recursive: true, force: true }));

const pgServer = await startPostgres({ fsync: true });
guard.stop(() => pgServer.stop());
const url = await pgServer.createDatabase('bench');

const CTX = 'bench';
const NAMESPACES = 200;
const podKey = (i: number) => `ns-${i % NAMESPACES}/pod-${i}`;

interface Result {
  writeMs: number;
  rowsPerS: number;
  reads: Record<string, number>;
}

/** ms of the median of `n` runs of fn */
async function median(n: number, fn: () => Promise<unknown>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return xs.sort((a, b) => a - b)[Math.floor(n / 2)];
}

async function measure(store: Store): Promise<Result> {
  const t0 = Date.now() - 3600_000;
  let rows = 0;
  const start = performance.now();
  for (let i = 0; i < PODS; i++) {
    const key = podKey(i);
    const at = t0 + i;
    store.recordTransitions(
      CTX,
      key,
      [
        { at, kind: 'phase', to: 'Pending' },
        { at: at + 1, kind: 'condition', subject: 'PodScheduled', to: 'True' },
        { at: at + 2, kind: 'container', subject: 'app', from: 'waiting: ContainerCreating', to: 'running' },
        { at: at + 3, kind: 'phase', from: 'Pending', to: 'Running' },
        { at: at + 4, kind: 'container', subject: 'app', from: 'running', to: 'terminated: Error (exit 1)' },
        {
          at: at + 5,
          kind: 'container',
          subject: 'app',
          from: 'terminated: Error (exit 1)',
          to: 'waiting: CrashLoopBackOff',
          detail: 'restart #1',
        },
      ],
      `uid-${i}`,
    );
    const ev = (n: number, reason: string) => ({
      podKey: key,
      event: {
        uid: `ev-${i}-${n}`,
        type: n === 0 ? 'Normal' : 'Warning',
        reason,
        message: `${reason} for pod-${i}`,
        count: 1,
        lastSeen: new Date(at + n).toISOString(),
        source: 'kubelet',
        involved: { kind: 'Pod', name: `pod-${i}` },
      },
    });
    store.recordEvents(CTX, [ev(0, 'Started'), ev(1, 'BackOff'), ev(2, 'Failed')]);
    rows += 9;
    // (the recorder queues as watch events arrive; a batch commits every 250 ms)
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  await store.flush();
  const writeMs = performance.now() - start;
  const probe = podKey(Math.floor(PODS / 2));
  return {
    writeMs,
    rowsPerS: rows / (writeMs / 1000),
    reads: {
      "a pod's transitions": await median(21, () => store.storedTransitions(CTX, probe)),
      "a pod's events": await median(21, () => store.storedEvents(CTX, probe)),
      'newest 500 events, all namespaces': await median(11, () => store.recentEvents(CTX, { limit: 500 })),
      'newest 500 events, one namespace': await median(11, () => store.recentEvents(CTX, { namespace: 'ns-7', limit: 500 })),
    },
  };
}

async function measured(store: Store): Promise<Result> {
  try {
    return await measure(store);
  } finally {
    await store.close();
  }
}
const sqlite = await measured(new SqliteRecorderStore());
const postgres = await measured(new PostgresRecorderStore(url, pg.Pool));

const ms = (x: number) => `${x.toFixed(1)} ms`;
const md = [
  `# Flight recorder stores (${new Date().toISOString().slice(0, 16)}Z)`,
  '',
  `${PODS} pods in ${NAMESPACES} namespaces, 6 transitions and 3 events each (${PODS * 9} rows), written as the recorder queues them, then read; PostgreSQL ${'15'} on 127.0.0.1 with fsync on, SQLite in WAL mode; reads are medians.`,
  '',
  '| measure | SQLite | PostgreSQL |',
  '| --- | --- | --- |',
  `| write, all rows | ${(sqlite.writeMs / 1000).toFixed(1)} s (${Math.round(sqlite.rowsPerS).toLocaleString('en')} rows/s) | ${(postgres.writeMs / 1000).toFixed(1)} s (${Math.round(postgres.rowsPerS).toLocaleString('en')} rows/s) |`,
  ...Object.keys(sqlite.reads).map((k) => `| ${k} | ${ms(sqlite.reads[k])} | ${ms(postgres.reads[k])} |`),
  '',
  `A recorder at 100 pod updates/s writes a few hundred rows/s; both stores keep up with ${Math.round(Math.min(sqlite.rowsPerS, postgres.rowsPerS) / 300)}× that.`,
  '',
].join('\n');
writeResults(join(REPO, 'bench', 'results', 'store-latest'), md, { pods: PODS, sqlite, postgres });
await guard.cleanup();
process.exit(0);
