// What the benchmark, the soak and the fault-injection suite share: every process a run starts is
// stopped however the run ends (done, a failure, Ctrl-C: an orphaned Podscope server left
// watching a cluster would skew the next run), and results are printed and written the same way.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

type Cleanup = () => unknown;

/** Registers the exit handlers once; `stop(fn)` adds a cleanup, `cleanup()` runs them (newest first). */
export function runGuard(name: string): { stop: (fn: Cleanup) => void; cleanup: () => Promise<void> } {
  const cleanups: Cleanup[] = [];
  const cleanup = async () => {
    for (const c of cleanups.splice(0).reverse())
      try {
        await c();
      } catch {
        /* already gone */
      }
  };
  // at exit only synchronous work runs: each cleanup is started, the detached servers' SIGTERMs included
  process.on('exit', () => {
    for (const c of cleanups.splice(0).reverse())
      try {
        void c();
      } catch {
        /* already gone */
      }
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void cleanup().then(() => process.exit(130)));
  for (const ev of ['uncaughtException', 'unhandledRejection'] as const)
    process.on(ev, (err) => {
      console.error(`${name}: failed:`, err);
      void cleanup().then(() => process.exit(1));
    });
  return { stop: (fn) => cleanups.push(fn), cleanup };
}

/** The "target | met" table every results file ends with. */
export function targetsTable(targets: readonly (readonly [string, boolean])[]): string[] {
  return ['| target | met |', '| --- | --- |', ...targets.map(([t, met]) => `| ${t} | ${met ? 'yes' : '**no**'} |`)];
}

/** Prints the Markdown and writes `<out>.md` and `<out>.json`. */
export function writeResults(out: string, md: string, json: unknown): void {
  console.log('\n' + md);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.md`, md);
  writeFileSync(`${out}.json`, JSON.stringify(json, null, 2) + '\n');
}

/** A metric's value in Prometheus text (`/metrics`), summed over its label sets; 0 when absent. */
export function metricSum(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
}
