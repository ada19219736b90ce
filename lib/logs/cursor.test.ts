import { describe, expect, it } from 'vitest';
import { compareTs, decodeCursor, encodeCursor, LogResumer, parseLogLine } from './cursor';

const L = (ts: string, text: string) => ({ ts, text });

describe('log cursor', () => {
  it('parses timestamped lines and leaves others alone', () => {
    expect(parseLogLine('2026-11-20T10:00:00.123456789Z hello world')).toEqual(L('2026-11-20T10:00:00.123456789Z', 'hello world'));
    expect(parseLogLine('no timestamp here')).toEqual(L('', 'no timestamp here'));
  });
  it('compares timestamps with different fraction lengths', () => {
    expect(compareTs('2026-11-20T10:00:00.5Z', '2026-11-20T10:00:00.123456789Z')).toBe(1);
    expect(compareTs('2026-11-20T10:00:00Z', '2026-11-20T10:00:00.000000000Z')).toBe(0);
  });
  it('round-trips and rejects malformed cursors', () => {
    expect(decodeCursor(encodeCursor({ ts: '2026-11-20T10:00:00.1Z', n: 2 }))).toEqual({ ts: '2026-11-20T10:00:00.1Z', n: 2 });
    expect(decodeCursor('../../etc/passwd')).toBeUndefined();
  });
  it('a resumed stream neither loses nor repeats lines, even with equal timestamps', () => {
    const all = [
      L('2026-11-20T10:00:01Z', 'a'),
      L('2026-11-20T10:00:02Z', 'b1'),
      L('2026-11-20T10:00:02Z', 'b2'),
      L('2026-11-20T10:00:02Z', 'b3'),
      L('2026-11-20T10:00:03Z', 'c'),
    ];
    const r = new LogResumer();
    r.reconnect();
    expect(r.accept(all.slice(0, 3)).map((l) => l.text)).toEqual(['a', 'b1', 'b2']);
    expect(r.cursor).toEqual({ ts: '2026-11-20T10:00:02Z', n: 2 });
    // the connection drops; the API server answers sinceTime with every line at or after that second
    r.reconnect();
    expect(r.accept(all.slice(1, 3)).map((l) => l.text)).toEqual([]);
    expect(r.accept(all.slice(3)).map((l) => l.text)).toEqual(['b3', 'c']);
    expect(r.cursor).toEqual({ ts: '2026-11-20T10:00:03Z', n: 1 });
  });
  it('within one connection, batches split inside a run of equal timestamps lose nothing', () => {
    const ts = '2026-11-20T10:00:05.000000000Z';
    const lines = Array.from({ length: 50 }, (_, i) => L(ts, `l${i}`));
    const r = new LogResumer();
    r.reconnect();
    const got = [...r.accept(lines.slice(0, 17)), ...r.accept(lines.slice(17, 30)), ...r.accept(lines.slice(30))];
    expect(got.map((l) => l.text)).toEqual(lines.map((l) => l.text));
    expect(r.cursor).toEqual({ ts, n: 50 });
  });
});
