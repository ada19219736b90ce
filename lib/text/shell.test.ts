// Quoting must make any value one literal shell word, read back by a POSIX-shell tokenizer
// (test/support/shell.ts), so the tests check what a shell would run, not how the string looks.
import { describe, expect, it } from 'vitest';
import { HOSTILE, onlyQuoted, parseShell } from '../../test/support/shell';
import { literal, sh, shellQuote } from './shell';

describe('shellQuote', () => {
  it('leaves safe words alone and quotes the rest', () => {
    expect(shellQuote('demo-crash-oom')).toBe('demo-crash-oom');
    expect(shellQuote('ghcr.io/podscope-demo/catalog:5.0.2')).toBe('ghcr.io/podscope-demo/catalog:5.0.2');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote(42)).toBe('42');
  });
  it('makes any value exactly one literal word', () => {
    for (const v of HOSTILE) {
      const p = parseShell(`kubectl get pod ${shellQuote(v)} -o yaml`);
      expect(p.ops, v).toEqual([]);
      expect(
        p.words.map((w) => w.text),
        v,
      ).toEqual(['kubectl', 'get', 'pod', v, '-o', 'yaml']);
      expect(onlyQuoted(p, v), v).toBe(true);
    }
  });
});

describe('the sh tag', () => {
  it('quotes interpolated values, keeps literal text and placeholders', () => {
    const image = HOSTILE[0];
    const cmd = sh`kubectl create job <name> --image=${image}`;
    const p = parseShell(cmd);
    expect(p.words.map((w) => w.text)).toEqual(['kubectl', 'create', 'job', 'name', `--image=${image}`]);
    expect(p.ops).toEqual(['<', '>']); // the placeholder <name>, written by Podscope
    expect(onlyQuoted(p, image)).toBe(true);
    expect(sh`kubectl debug ${literal('node/<node>')} -it`).toBe('kubectl debug node/<node> -it');
  });
});
