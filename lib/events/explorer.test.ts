import { describe, expect, it } from 'vitest';
import {
  EventFilterError,
  eventFiltersFromParams,
  eventFiltersToParams,
  type ExplorerEvent,
  filterEvents,
  groupByReason,
  mergeLiveAndRecorded,
  rateStrip,
} from './explorer';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const ev = (uid: string, over: Partial<ExplorerEvent> = {}): ExplorerEvent => ({
  uid,
  type: 'Normal',
  reason: 'Scheduled',
  message: 'Successfully assigned shop/web-1 to node-1',
  count: 1,
  firstSeen: new Date(T0).toISOString(),
  lastSeen: new Date(T0).toISOString(),
  source: 'default-scheduler',
  namespace: 'shop',
  involved: { kind: 'Pod', name: 'web-1' },
  ...over,
});

describe('events explorer', () => {
  const rows = [
    ev('a'),
    ev('b', {
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      count: 7,
      host: 'node-2',
      lastSeen: new Date(T0 + 60_000).toISOString(),
    }),
    ev('c', { type: 'Warning', reason: 'FailedScheduling', namespace: 'db', involved: { kind: 'Pod', name: 'pg-0' }, count: 2 }),
    ev('d', { reason: 'NodeReady', namespace: 'default', involved: { kind: 'Node', name: 'node-2' } }),
  ];
  it('filters round-trip through the URL', () => {
    const f = eventFiltersFromParams(new URLSearchParams('type=Warning&reason=BackOff,OOMKilling&ns=shop&q=back'));
    expect(f).toMatchObject({ type: 'Warning', reasons: ['BackOff', 'OOMKilling'], namespace: 'shop', q: 'back' });
    expect(eventFiltersFromParams(eventFiltersToParams(f))).toEqual(f);
  });
  it('an invalid type says so (never "no events")', () => {
    expect(() => eventFiltersFromParams(new URLSearchParams('type=Critical'))).toThrow(EventFilterError);
  });
  it('filters by each field, newest first', () => {
    const f = (q: string) => filterEvents(rows, eventFiltersFromParams(new URLSearchParams(q))).map((e) => e.uid);
    expect(f('')).toEqual(['b', 'a', 'c', 'd']);
    expect(f('type=Warning')).toEqual(['b', 'c']);
    expect(f('reason=FailedScheduling')).toEqual(['c']);
    expect(f('ns=shop')).toEqual(['b', 'a']);
    // the node: events its kubelet reported, and events about the Node itself
    expect(f('node=node-2')).toEqual(['b', 'd']);
    expect(f('kind=node')).toEqual(['d']);
    expect(f('name=pg')).toEqual(['c']);
    expect(f('q=restarting')).toEqual(['b']);
  });
  it('groups by reason with occurrences, most first', () => {
    expect(groupByReason(rows).map((g) => `${g.reason}:${g.events}/${g.occurrences}`)).toEqual([
      'BackOff:1/7',
      'FailedScheduling:1/2',
      'NodeReady:1/1',
      'Scheduled:1/1',
    ]);
  });
  it('spreads a repeated event over its span in the rate strip', () => {
    const s = rateStrip([rows[1]], T0, T0 + 60_000, 6);
    expect(s.warning.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 6);
    expect(s.warning[0]).toBeGreaterThan(0);
    expect(s.warning[5]).toBeGreaterThan(0);
    expect(s.normal.every((n) => n === 0)).toBe(true);
  });
  it('live wins over recorded; recorded-only rows are marked', () => {
    const m = mergeLiveAndRecorded([ev('a', { count: 3 })], [ev('a'), ev('old')]);
    expect(m.map((e) => `${e.uid}:${e.count}:${e.recorded ?? false}`)).toEqual(['a:3:false', 'old:1:true']);
  });
});
