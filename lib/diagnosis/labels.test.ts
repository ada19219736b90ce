// Every finding id a rule can produce has a short label (the list badge, triage cards, the CLI).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_LABELS } from './labels';

describe('finding labels', () => {
  it('cover every id the rules write', () => {
    const dir = join(import.meta.dirname, 'rules');
    const ids = new Set<string>();
    for (const f of readdirSync(dir)) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(
        /'((?:crash|image|config|scheduling|probe|termination|node|volume|rollout|job|runtime|spec|controller|usage)\.[a-z]+(?:-[a-z]+)*)'/g,
      ))
        ids.add(m[1]);
    }
    // (the image rule builds its ids from the pull cause)
    for (const cause of ['not-found', 'unauthorized', 'unreachable', 'rate-limited', 'invalid-name', 'never-pull', 'unknown'])
      ids.add(`image.${cause}`);
    ids.delete('volume.claim'); // a prefix test, not an id
    // (the sizing review builds its ids from the resource and direction)
    for (const r of ['cpu', 'memory']) for (const d of ['above', 'below']) ids.add(`spec.${r}-request-${d}-use`);
    expect(ids.size).toBeGreaterThan(40);
    expect([...ids].filter((id) => !FINDING_LABELS[id])).toEqual([]);
  });
});
