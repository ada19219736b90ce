// Container logs for simulated pods. kwok serves pods/log from files in the CRI log format
// (`<RFC3339Nano> <stream> F <line>`) chosen by ClusterLogs entries: one per scenario namespace
// with a story of its own (a crash with its stack trace in the previous container's log), and a
// catch-all for every other pod. The log writer keeps appending to the "live" files, so a
// followed stream (`kubectl logs -f`) keeps producing lines.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const criLine = (t: Date, stream: 'stdout' | 'stderr', msg: string) =>
  `${t.toISOString().replace('Z', '000000Z')} ${stream} F ${msg}\n`;

interface LogStory {
  namespace: string;
  current: string[];
  previous: string[];
}

const startup = [
  'starting server version=1.4.2 pid=1',
  'loaded configuration from /etc/app/config.yaml',
  'connecting to database host=postgres.db.svc port=5432',
];

/** Scenario namespaces whose containers tell a specific story. */
export const STORIES: LogStory[] = [
  {
    namespace: 'demo-crash-error',
    current: startup,
    previous: [
      ...startup,
      'ERROR failed to connect to database: dial tcp 10.96.12.40:5432: connect: connection refused',
      'fatal: giving up after 3 attempts, exiting with status 1',
    ],
  },
  {
    namespace: 'demo-crash-oom',
    current: [...startup, 'warming cache: loading 2400000 product records'],
    previous: [...startup, 'warming cache: loading 2400000 product records', 'cache size 212MiB', 'cache size 388MiB', 'cache size 497MiB'],
  },
  {
    namespace: 'demo-crash-completed',
    current: ['running one-shot migration', 'migration finished, exiting'],
    previous: ['running one-shot migration', 'migration finished, exiting'],
  },
  {
    namespace: 'demo-liveness',
    current: [...startup, 'listening on :8080', 'WARN request queue saturated (512 pending), /healthz timing out'],
    previous: [
      ...startup,
      'listening on :8080',
      'WARN request queue saturated (512 pending), /healthz timing out',
      'WARN worker pool deadlocked: 0/16 workers free',
    ],
  },
  {
    namespace: 'demo-init-crash',
    current: ['waiting for schema migration lock', 'ERROR relation "schema_migrations" does not exist'],
    previous: ['waiting for schema migration lock', 'ERROR relation "schema_migrations" does not exist', 'migration failed, exit 1'],
  },
  {
    namespace: 'demo-rollout',
    current: startup,
    previous: [
      ...startup,
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b1c]',
      'goroutine 1 [running]:',
      'main.loadFeatureFlags(...)',
      '\t/src/cmd/server/flags.go:88 +0x1c',
    ],
  },
];

const GENERIC_PREVIOUS = [
  'starting server version=1.4.1 pid=1',
  'listening on :8080',
  'received SIGTERM, shutting down gracefully',
  'server stopped',
];

export function writeLogFiles(dir: string, now: Date): object[] {
  mkdirSync(dir, { recursive: true });
  const at = (i: number, total: number) => new Date(now.getTime() - (total - i) * 1500);
  const write = (file: string, lines: string[], stream: 'stdout' | 'stderr' = 'stdout') => {
    // never rewrite a file kwok may be serving (it does not notice truncation)
    if (existsSync(join(dir, file))) return;
    writeFileSync(
      join(dir, file),
      lines.map((l, i) => criLine(at(i, lines.length), /ERROR|fatal|panic|signal|goroutine|\t/.test(l) ? 'stderr' : stream, l)).join(''),
    );
  };
  const entries: object[] = [];
  for (const s of STORIES) {
    write(`${s.namespace}.log`, s.current);
    write(`${s.namespace}-previous.log`, s.previous);
    entries.push({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: s.namespace },
      spec: {
        selector: { matchNamespaces: [s.namespace] },
        logs: [{ logsFile: join(dir, `${s.namespace}.log`), previousLogsFile: join(dir, `${s.namespace}-previous.log`), follow: true }],
      },
    });
  }
  // the benchmark's log firehose appends to this one (bench/log-firehose.ts)
  write('bench-fast.log', ['firehose ready']);
  entries.push({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterLogs',
    metadata: { name: 'bench-logs' },
    spec: {
      selector: { matchNamespaces: ['bench-logs'] },
      logs: [{ logsFile: join(dir, 'bench-fast.log'), previousLogsFile: join(dir, 'app-previous.log'), follow: true }],
    },
  });
  write('app.log', ['starting server version=1.4.2 pid=1', 'listening on :8080']);
  write('app-previous.log', GENERIC_PREVIOUS);
  entries.push({
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterLogs',
    metadata: { name: 'default' },
    spec: { selector: {}, logs: [{ logsFile: join(dir, 'app.log'), previousLogsFile: join(dir, 'app-previous.log'), follow: true }] },
  });
  return entries;
}

/** Files the log writer keeps appending to, and what it writes. */
export const LIVE_FILES = ['app.log'];

const PATHS = ['/', '/api/products', '/api/cart', '/healthz', '/api/orders/42'];
export function liveLine(i: number, now: Date): string {
  const path = PATHS[i % PATHS.length];
  const ms = 1 + ((i * 37) % 90);
  return criLine(now, 'stdout', `${now.toISOString()} INFO GET ${path} 200 ${ms}ms seq=${i}`);
}

export function appendLive(dir: string, i: number, now: Date): void {
  for (const f of LIVE_FILES) appendFileSync(join(dir, f), liveLine(i, now));
}
