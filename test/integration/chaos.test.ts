// The short version of the fault-injection suite (bench/chaos.ts --short), on the tests' own
// cluster: six faults of six kinds — every connection cut, a blackhole, RST mid-stream, a frozen
// API server, a compaction that makes every resume 410 Gone, a Podscope restart — with pods
// churning, and each view (pod list, pod page, events, triage, a followed log) compared with the
// API server after every fault. `npm run chaos` runs the full set, with a browser, on a cluster
// of its own.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR, stateDir } from '../../local-cluster/lib/paths.ts';
import { controlPlaneSettled } from '../support/local-cluster.ts';

describe('fault injection (short)', () => {
  it('every view converges on the API server after each fault, within 5 s, and the log arrives whole', async () => {
    await controlPlaneSettled();
    const out = join(REPO_DIR, 'test-results', 'chaos-short');
    const child = spawn(process.execPath, [join(REPO_DIR, 'bench', 'chaos.ts'), '--short', '--out', out], {
      cwd: REPO_DIR,
      env: { ...process.env, PODSCOPE_CLUSTER_DIR: stateDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      expect(code, output.slice(-3000)).toBe(0);
      const { summary, rows } = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as {
        summary: Record<string, number>;
        rows: { kind: string; staleShown: string; atEnd: string[] }[];
      };
      expect(summary.faults).toBe(6);
      expect(summary.divergencesAfterConvergence).toBe(0);
      expect(summary.convergenceP95Ms).toBeLessThanOrEqual(5000);
      expect(summary.logLinesReceived).toBe(summary.logLinesWritten);
      expect(summary.logLinesLost + summary.logLinesRepeated).toBe(0);
      // faults that cut the views off: each view's badge left "live" while it lasted
      for (const r of rows.filter((x) => ['cut', 'blackhole', 'apiserver-freeze', 'compaction-410', 'podscope-restart'].includes(x.kind)))
        expect(r.staleShown, r.kind).toBe('yes');
      // and the faults did hurt: right after the cut-offs, the views were behind the API server
      expect(rows.filter((r) => r.atEnd.length > 0).length).toBeGreaterThan(0);
    } finally {
      // (the suite restarted the API server: the next test file starts once new pods run again)
      await controlPlaneSettled();
    }
  }, 600_000);
});
