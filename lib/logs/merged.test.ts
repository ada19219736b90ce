import { describe, expect, it } from 'vitest';
import { decodeMergedCursor, encodeMergedCursor, fullTs, insertOrdered, type MergedLine } from './merged';

describe('merged log cursor', () => {
  it('round-trips every source', () => {
    const c = new Map([
      ['web-7d9f-abcde/app', { ts: '2026-12-02T10:00:00.123456789Z', n: 2 }],
      ['web-7d9f-abcde/istio-proxy', { ts: '2026-12-02T10:00:01Z', n: 1 }],
    ]);
    expect(decodeMergedCursor(encodeMergedCursor(c))).toEqual(c);
  });
  it('ignores malformed entries and oversized ids (those sources start over)', () => {
    expect([...decodeMergedCursor('web/app=2026-12-02T10:00:00Z#1,../x=2026-12-02T10:00:00Z#1,web/app2=yesterday#1').keys()]).toEqual([
      'web/app',
    ]);
    expect(decodeMergedCursor(`a/b=2026-12-02T10:00:00Z#1,${'x'.repeat(20_000)}`).size).toBe(0);
    expect(decodeMergedCursor(undefined).size).toBe(0);
  });
});

describe('merged log order', () => {
  it('pads fractions so timestamps compare as strings', () => {
    expect(fullTs('2026-12-02T10:00:00.1Z')).toBe('2026-12-02T10:00:00.100000000Z');
    expect(fullTs('2026-12-02T10:00:00Z')).toBe('2026-12-02T10:00:00.000000000Z');
    expect(fullTs('2026-12-02T10:00:00.1Z') > fullTs('2026-12-02T10:00:00.05Z')).toBe(true);
  });
  it('inserts late lines in place, keeping arrival order for equal timestamps', () => {
    const l = (source: string, s: number, text = source): MergedLine => ({ source, ts: fullTs(`2026-12-02T10:00:0${s}Z`), text });
    const buf: MergedLine[] = [];
    insertOrdered(buf, [l('a', 1), l('a', 3), l('a', 5)]);
    insertOrdered(buf, [l('b', 2), l('b', 3, 'b-late'), l('b', 6)]);
    insertOrdered(buf, [l('c', 0)]);
    expect(buf.map((x) => x.text)).toEqual(['c', 'a', 'b', 'a', 'b-late', 'a', 'b']);
  });
});
