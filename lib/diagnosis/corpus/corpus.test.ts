// Every corpus case through the offline path (objectSet → objectSources → gatherInput →
// diagnose), as `podscope diagnose -f` reads kubectl's files: the primary finding, its chain of
// consequences, and the facts it must name. The captured scenario fixtures count as cases too.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { EXPECTED_PRIMARY } from '../../../test/support/expected-diagnosis';
import { FIXTURES, fixtureInput, readFixture } from '../../../test/support/diagnosis-fixtures';
import { gatherInput } from '../gather';
import { diagnose, primary } from '../engine';
import { objectSources } from '../object-sources';
import { objectSet } from '../offline';
import { findingKey, type Finding } from '../types';
import { NOW } from './build';
import { CORPUS } from './index';

async function run(c: (typeof CORPUS)[number]): Promise<Finding[]> {
  const set = objectSet(c.documents);
  const [ns, name] = c.pod.split('/');
  const pod = set.pods.find((p) => p.metadata?.namespace === ns && p.metadata?.name === name);
  if (!pod) throw new Error(`${c.name}: no pod ${c.pod} in its documents`);
  const sources = objectSources(set.indexes, { missingWhy: (kind) => `no ${kind}s in the files given` });
  return diagnose(await gatherInput(sources, pod, { now: Date.parse(NOW) }));
}

describe('diagnosis corpus', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && f !== 'nodes.json');
  it('holds at least 60 cases (with the captured scenarios), names unique', () => {
    expect(CORPUS.length + fixtures.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
  });

  for (const c of CORPUS) {
    it(c.name, async () => {
      const f = await run(c);
      const p = primary(f);
      const ids = f.map((x) => x.id);
      const summary = f.map((x) => `${findingKey(x)}${x.causedBy ? ` ← ${x.causedBy}` : ''}: ${x.title}`).join('\n');
      expect(p?.id ?? null, summary).toBe(c.expect.primary);
      if (!p) return;
      const e = c.expect;
      if (e.container) expect(p.container).toBe(e.container);
      const chain = (p.consequences ?? []).map((k) => f.find((x) => findingKey(x) === k)!.id);
      if (e.chain) expect(chain.sort(), summary).toEqual([...e.chain].sort());
      for (const r of e.alsoRoots ?? [])
        expect(
          f.some((x) => x.id === r && !x.causedBy),
          `${r} as a root\n${summary}`,
        ).toBe(true);
      for (const t of e.title ?? []) expect(p.title).toMatch(t);
      for (const s of e.says ?? [])
        expect(
          [p.explanation, ...p.causes].some((x) => s.test(x)),
          `${s} in\n${p.explanation}\n${p.causes.join('\n')}`,
        ).toBe(true);
      if (e.command)
        expect(p.remedies.map((r) => r.command ?? '').join('\n'), p.remedies.map((r) => r.command ?? '').join('\n')).toMatch(e.command);
      expect(p.confidence).toBe(e.confidence ?? (p.unknowns?.length ? 'medium' : 'high'));
      if (e.unknowns) expect((p.unknowns ?? []).join('\n')).toMatch(e.unknowns);
      for (const n of e.never ?? []) expect(ids).not.toContain(n);
      // a finding about what could not be looked at never claims that it does not exist
      for (const x of f) if (x.unknowns?.length) expect(x.title).not.toMatch(/does not exist/);
      // every consequence points back at its cause
      for (const x of f) for (const k of x.consequences ?? []) expect(f.find((y) => findingKey(y) === k)?.causedBy).toBe(findingKey(x));
    });
  }

  for (const file of fixtures) {
    const name = file.replace(/\.json$/, '');
    it(`captured scenario ${name}`, async () => {
      const f = diagnose(await fixtureInput(readFixture(name)));
      expect(primary(f)?.id ?? null).toBe(EXPECTED_PRIMARY[name]);
    });
  }
});
