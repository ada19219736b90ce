// Podscope must diagnose from what Kubernetes records, never from the annotations our simulated
// kubelet uses to pick a failure. This test fails if app code mentions the simulation's domain.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIM_DOMAIN } from './convention.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const APP_DIRS = ['app', 'components', 'lib', 'server', 'bin', 'public'];

function* files(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

describe('simulation convention stays inside local-cluster/', () => {
  it('no app source file mentions the simulation domain', () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const d of APP_DIRS) {
      for (const f of files(join(ROOT, d))) {
        scanned++;
        const text = readFileSync(f, 'utf8');
        if (text.includes(SIM_DOMAIN) || text.includes('local-cluster/sim')) offenders.push(relative(ROOT, f));
      }
    }
    expect(scanned).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });
});
