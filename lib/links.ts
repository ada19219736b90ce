// Shareable pod links: the URL alone carries the cluster, pod, tab, container, previous flag,
// log search and timeline window, so a teammate who opens it sees the same view.
export const TABS = ['overview', 'timeline', 'usage', 'events', 'logs', 'shell', 'yaml'] as const;
/** A snapshot is a frozen page: it has no shell. */
export const SNAPSHOT_TABS = TABS.filter((t) => t !== 'shell');
export type Tab = (typeof TABS)[number];

export interface PodView {
  context: string;
  namespace: string;
  name: string;
  tab: Tab;
  container?: string;
  /** the previous container's log; undefined: Podscope picks (previous when the current one has not started) */
  previous?: boolean;
  search?: string;
  /** logs: show only the lines that match the search */
  only?: boolean;
  /** logs: timestamps shown, following (default on), how many lines from the end */
  timestamps?: boolean;
  follow?: boolean;
  tail?: string;
  /** timeline window, ms since epoch */
  from?: number;
  to?: number;
  /** a relative timeline window ("5m", "1h"): it moves with the clock, in the link too */
  last?: string;
}

/** The log tails the page offers ("all" is "0"). */
export const LOG_TAILS = ['100', '500', '2000', '10000', '0'];

const UNIT_MS = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 } as const;
/** "5m" → 300000; undefined for anything that is not a small number and a unit. */
export function relativeWindowMs(last: string | undefined): number | undefined {
  const m = /^(\d{1,4})([smhd])$/.exec(last ?? '');
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

export function podViewHref(v: PodView): string {
  const p = new URLSearchParams();
  if (v.tab !== 'overview') p.set('tab', v.tab);
  if (v.container) p.set('container', v.container);
  if (v.previous !== undefined) p.set('previous', v.previous ? '1' : '0');
  if (v.search) p.set('q', v.search);
  if (v.only) p.set('only', '1');
  if (v.timestamps) p.set('ts', '1');
  if (v.follow === false) p.set('follow', '0');
  if (v.tail && LOG_TAILS.includes(v.tail)) p.set('tail', v.tail);
  if (v.from !== undefined) p.set('from', new Date(v.from).toISOString());
  if (v.to !== undefined) p.set('to', new Date(v.to).toISOString());
  if (v.last && relativeWindowMs(v.last)) p.set('last', v.last);
  const qs = p.toString();
  return `/c/${encodeURIComponent(v.context)}/pods/${v.namespace}/${v.name}${qs ? `?${qs}` : ''}`;
}

export function podViewFromParams(base: Pick<PodView, 'context' | 'namespace' | 'name'>, p: URLSearchParams): PodView {
  const tab = p.get('tab');
  const time = (k: string) => {
    const v = p.get(k);
    const n = v ? Date.parse(v) : NaN;
    return Number.isNaN(n) ? undefined : n;
  };
  return {
    ...base,
    tab: tab && (TABS as readonly string[]).includes(tab) ? (tab as Tab) : 'overview',
    container: p.get('container') || undefined,
    previous: p.has('previous') ? p.get('previous') === '1' : undefined,
    search: p.get('q') || undefined,
    only: p.get('only') === '1' || undefined,
    timestamps: p.get('ts') === '1' || undefined,
    follow: p.get('follow') === '0' ? false : undefined,
    tail: LOG_TAILS.includes(p.get('tail') ?? '') ? p.get('tail')! : undefined,
    from: time('from'),
    to: time('to'),
    last: relativeWindowMs(p.get('last') ?? undefined) ? p.get('last')! : undefined,
  };
}

/** A context name from a URL segment; a malformed escape is kept as it is instead of failing. */
export function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
