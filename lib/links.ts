// Shareable pod links: the URL alone carries the cluster, pod, tab, container, previous flag,
// log search and timeline window, so a teammate who opens it sees the same view.
export const TABS = ['overview', 'timeline', 'events', 'logs', 'yaml'] as const;
export type Tab = (typeof TABS)[number];

export interface PodView {
  context: string;
  namespace: string;
  name: string;
  tab: Tab;
  container?: string;
  previous: boolean;
  search?: string;
  /** timeline window, ms since epoch */
  from?: number;
  to?: number;
}

export function podViewHref(v: PodView): string {
  const p = new URLSearchParams();
  if (v.tab !== 'overview') p.set('tab', v.tab);
  if (v.container) p.set('container', v.container);
  if (v.previous) p.set('previous', '1');
  if (v.search) p.set('q', v.search);
  if (v.from !== undefined) p.set('from', new Date(v.from).toISOString());
  if (v.to !== undefined) p.set('to', new Date(v.to).toISOString());
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
    previous: p.get('previous') === '1',
    search: p.get('q') || undefined,
    from: time('from'),
    to: time('to'),
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
