import { describe, expect, it } from 'vitest';
import { podViewFromParams, podViewHref } from './links';

describe('pod view links', () => {
  it('round-trips every part of the view', () => {
    const v = {
      context: 'prod eu',
      namespace: 'shop',
      name: 'api-7d9f',
      tab: 'logs' as const,
      container: 'api',
      previous: true,
      search: 'timeout 5s',
      from: Date.parse('2026-11-20T10:00:00Z'),
      to: Date.parse('2026-11-20T10:30:00Z'),
    };
    const href = podViewHref(v);
    expect(href.startsWith('/c/prod%20eu/pods/shop/api-7d9f?')).toBe(true);
    const url = new URL(href, 'http://x');
    expect(podViewFromParams({ context: 'prod eu', namespace: 'shop', name: 'api-7d9f' }, url.searchParams)).toEqual(v);
  });
  it('falls back to the overview for unknown tabs and ignores bad times', () => {
    const v = podViewFromParams({ context: 'c', namespace: 'n', name: 'p' }, new URLSearchParams('tab=../../x&from=yesterday'));
    expect(v.tab).toBe('overview');
    expect(v.from).toBeUndefined();
  });
});

describe('context names from URLs', () => {
  it('decodes once and survives malformed escapes', async () => {
    const { decodeSegment } = await import('./links');
    expect(decodeSegment('prod%20eu')).toBe('prod eu');
    expect(decodeSegment('100%')).toBe('100%');
  });
  it('keeps a relative timeline window relative, and drops a malformed one', async () => {
    const { relativeWindowMs } = await import('./links');
    const href = podViewHref({ context: 'c', namespace: 'n', name: 'p', tab: 'timeline', previous: false, last: '15m' });
    expect(href).toContain('last=15m');
    expect(podViewFromParams({ context: 'c', namespace: 'n', name: 'p' }, new URL(href, 'http://x').searchParams).last).toBe('15m');
    expect(podViewFromParams({ context: 'c', namespace: 'n', name: 'p' }, new URLSearchParams('last=5y')).last).toBeUndefined();
    expect(relativeWindowMs('1h')).toBe(3600_000);
    expect(relativeWindowMs('99999m')).toBeUndefined();
  });
});
