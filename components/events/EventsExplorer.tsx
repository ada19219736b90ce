'use client';
// The cluster events explorer: live events (the stream) and the ones the flight recorder kept after
// the API server expired them, filtered by type, reason, namespace, node, involved kind and name
// and text (all in the URL), grouped by reason with counts, a rate-over-time strip, and a
// virtualised list that links each event to its object.
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import {
  EventFilterError,
  type EventFilters,
  eventFiltersFromParams,
  eventFiltersToParams,
  type ExplorerEvent,
  filterEvents,
  firstMs,
  groupByReason,
  mergeLiveAndRecorded,
  rateStrip,
} from '@/lib/events/explorer';
import { since } from '@/lib/k8s/duration';
import { workloadHref, workloadKindFromSegment } from '@/lib/pods/workload';
import { useRecordedEvents } from '../data/event-hooks';
import { podHref } from '../pods/PodList';
import { useNow, useSubscription } from '../data/stream-hooks';
import { ConnectionBadge } from '../ui/ConnectionBadge';
import { useListKeys } from '../ui/list-keys';
import { replaceUrl } from '../ui/replace-url';

const ROW_H = 26;
const STRIP_BUCKETS = 60;

function objectHref(context: string, e: ExplorerEvent): string | undefined {
  const { kind, name } = e.involved;
  if (!kind || !name || !e.namespace) return undefined;
  if (kind === 'Pod') return podHref(context, { namespace: e.namespace, name });
  const w = workloadKindFromSegment(kind);
  return w ? workloadHref(context, e.namespace, w, name, 'all') : undefined;
}

export function EventsExplorer({ context }: { context: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const parsed = useMemo(() => {
    try {
      return { filters: eventFiltersFromParams(new URLSearchParams(params.toString())) };
    } catch (e) {
      if (e instanceof EventFilterError) return { error: e.message };
      throw e;
    }
  }, [params]);
  const filters = parsed.filters;
  const ns = filters?.namespace || undefined;
  const live = useSubscription<ExplorerEvent>(filters ? { context, resource: 'events', namespace: ns, view: 'rows' } : null);
  // the recorded half is asked for once the live rows are on screen and all their parts are in:
  // the first paint is theirs, and the server and the browser do one thing at a time
  const [painted, setPainted] = useState(false);
  const recorded = useRecordedEvents(context, ns, live.ready && !live.pending && painted);
  const all = useMemo(() => mergeLiveAndRecorded(live.items.values(), recorded.data ?? []), [live, recorded.data]);
  // later changes render in the background; the first rows (nothing shown yet) at once
  const background = useDeferredValue(all);
  const deferredAll = background.length === 0 ? all : background;
  const rows = useMemo(() => (filters ? filterEvents(deferredAll, filters) : []), [deferredAll, filters]);
  const groups = useMemo(() => groupByReason(rows), [rows]);
  const now = useNow(5000);
  const span = useMemo(() => {
    const oldest = rows.reduce((m, e) => Math.min(m, firstMs(e) ?? now), now);
    return { from: Math.min(oldest, now - 3600_000), to: now };
  }, [rows, now]);
  const strip = useMemo(() => rateStrip(rows, span.from, span.to, STRIP_BUCKETS), [rows, span]);
  const recordedCount = useMemo(() => all.filter((e) => e.recorded).length, [all]);

  useEffect(() => {
    if (painted || !live.ready) return;
    const t = setTimeout(() => setPainted(true), 50);
    return () => clearTimeout(t);
  }, [painted, live.ready, rows]);

  const update = useCallback(
    (patch: Partial<EventFilters>) => {
      if (!filters) return;
      const next = eventFiltersToParams({ ...filters, ...patch }, new URLSearchParams(params.toString()));
      replaceUrl(`${pathname}?${next}`);
    },
    [filters, params, pathname],
  );

  const parentRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW_H, overscan: 20 });
  const { cursor } = useListKeys({
    count: rows.length,
    onOpen: useCallback(
      (i: number) => {
        const href = rows[i] && objectHref(context, rows[i]);
        if (href) router.push(href);
      },
      [rows, context, router],
    ),
    searchRef,
    scrollTo: useCallback((i: number) => virt.scrollToIndex(i), [virt]),
  });

  if (!filters)
    return (
      <div className="mx-auto max-w-2xl p-8" data-testid="events-invalid">
        <h1 className="text-xl font-semibold">These event filters are not valid</h1>
        <p className="mt-2 text-slate-700">{parsed.error}</p>
        <Link className="mt-3 inline-block text-blue-700 hover:underline" href={pathname}>
          all events
        </Link>
      </div>
    );

  const text = (k: keyof EventFilters, placeholder: string, width = 'w-36') => (
    <input
      ref={k === 'q' ? searchRef : undefined}
      key={`${k}:${String(filters[k])}`}
      data-testid={`events-filter-${k}`}
      defaultValue={String(filters[k])}
      placeholder={placeholder}
      aria-label={placeholder}
      onBlur={(e) => update({ [k]: e.target.value.trim() })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') update({ [k]: (e.target as HTMLInputElement).value.trim() });
      }}
      className={`${width} rounded border border-slate-300 px-2 py-1`}
    />
  );
  const max = Math.max(1, ...strip.warning.map((w, i) => w + strip.normal[i]));
  const toggleReason = (r: string) =>
    update({ reasons: filters.reasons.includes(r) ? filters.reasons.filter((x) => x !== r) : [...filters.reasons, r] });

  return (
    <div className="flex h-[calc(100vh-3rem)] flex-col" data-testid="events-explorer">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2 text-sm">
        <h1 className="mr-2 font-semibold">Events</h1>
        <select
          data-testid="events-filter-type"
          value={filters.type}
          onChange={(e) => update({ type: e.target.value as EventFilters['type'] })}
          className="rounded border border-slate-300 px-1 py-1"
          aria-label="type"
        >
          <option value="">all types</option>
          <option value="Warning">Warning</option>
          <option value="Normal">Normal</option>
        </select>
        {text('reasons', 'reasons (a,b)')}
        {text('namespace', 'namespace')}
        {text('node', 'node')}
        {text('kind', 'kind (Pod, Node…)', 'w-32')}
        {text('name', 'object name')}
        {text('q', 'search text', 'w-48')}
        <span className="ml-auto text-slate-500" data-testid="events-count">
          {rows.length} of {all.length} events{recordedCount ? ` (${recordedCount} recorded after they expired)` : ''}
          {live.pending ? ' · loading older…' : ''}
        </span>
        <ConnectionBadge watches={[live.state]} />
      </div>
      {recorded.error && (
        <div className="bg-amber-50 px-4 py-1 text-sm text-amber-800" data-testid="events-recorded-error">
          Recorded events unavailable: {recorded.error.text}
        </div>
      )}
      {live.state.phase === 'error' && (
        <div className="bg-red-50 px-4 py-2 text-sm text-red-800" data-testid="events-error">
          Cannot list events: {live.state.message}
        </div>
      )}
      <div className="border-b border-slate-200 px-4 py-2">
        <svg viewBox={`0 0 ${STRIP_BUCKETS * 10} 40`} className="h-10 w-full" preserveAspectRatio="none" data-testid="events-strip">
          {strip.normal.map((n, i) => {
            const w = strip.warning[i];
            const hw = (w / max) * 38,
              hn = (n / max) * 38;
            return (
              <g key={i}>
                <title>{`${new Date(span.from + ((span.to - span.from) * i) / STRIP_BUCKETS).toLocaleTimeString([], { hour12: false })}: ${Math.round(w)} warning, ${Math.round(n)} normal`}</title>
                <rect x={i * 10 + 1} y={40 - hw} width={8} height={hw} fill="#ef4444" />
                <rect x={i * 10 + 1} y={40 - hw - hn} width={8} height={hn} fill="#93c5fd" />
              </g>
            );
          })}
        </svg>
        <div className="mt-1 flex justify-between text-xs text-slate-500">
          <span>{new Date(span.from).toLocaleTimeString([], { hour12: false })}</span>
          <span>occurrences over time (warning red, normal blue)</span>
          <span>now</span>
        </div>
        <div className="mt-2 flex flex-wrap gap-1 text-xs" data-testid="events-groups">
          {groups.slice(0, 16).map((g) => (
            <button
              key={`${g.type}|${g.reason}`}
              type="button"
              data-testid="events-group"
              data-reason={g.reason}
              onClick={() => toggleReason(g.reason)}
              className={`rounded border px-2 py-0.5 ${filters.reasons.includes(g.reason) ? 'border-blue-500 bg-blue-50' : 'border-slate-300'} ${g.type === 'Warning' ? 'text-red-700' : 'text-slate-700'}`}
              title={`${g.events} events, ${g.occurrences} occurrences`}
            >
              {g.reason} ×{g.occurrences}
            </button>
          ))}
        </div>
      </div>
      <div className="mono flex border-b border-slate-300 bg-slate-100 px-4 text-xs font-semibold text-slate-600">
        <span className="w-20 py-1">LAST SEEN</span>
        <span className="w-20 py-1">TYPE</span>
        <span className="w-44 py-1">REASON</span>
        <span className="w-72 py-1">OBJECT</span>
        <span className="w-14 py-1">COUNT</span>
        <span className="flex-1 py-1">MESSAGE</span>
      </div>
      <div ref={parentRef} className="flex-1 overflow-auto" data-testid="events-rows" role="grid" aria-rowcount={rows.length}>
        {!live.ready && live.state.phase !== 'error' && <div className="p-4 text-slate-500">Loading events…</div>}
        {/* (only once the deferred rows have caught up: never a flash of "no event matches") */}
        {live.ready && !live.pending && deferredAll === all && rows.length === 0 && (
          <div className="p-4 text-slate-500" data-testid="events-none">
            {all.length === 0 ? 'No events.' : 'No event matches these filters.'}
          </div>
        )}
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((vi) => {
            const e = rows[vi.index];
            const href = objectHref(context, e);
            const obj = `${e.involved.kind ?? '?'}/${e.involved.name ?? '?'}`;
            return (
              <div
                key={e.uid}
                role="row"
                data-testid="events-row"
                data-reason={e.reason}
                data-type={e.type}
                data-recorded={e.recorded ? 'true' : undefined}
                data-selected={vi.index === cursor ? 'true' : undefined}
                className={`mono absolute left-0 flex w-full items-center border-b border-slate-100 px-4 text-xs ${vi.index === cursor ? 'bg-blue-100' : ''}`}
                style={{ top: 0, height: ROW_H, transform: `translateY(${vi.start}px)` }}
              >
                <span className="w-20 truncate">{since(e.lastSeen, now)}</span>
                <span className={`w-20 ${e.type === 'Warning' ? 'text-red-700' : 'text-slate-600'}`}>{e.type}</span>
                <span className="w-44 truncate" title={e.reason}>
                  {e.reason}
                </span>
                <span className="w-72 truncate" title={`${e.namespace ?? ''}/${obj}`}>
                  <span className="text-slate-400">{e.namespace ? `${e.namespace}/` : ''}</span>
                  {href ? (
                    <Link className="text-blue-700 hover:underline" href={href} prefetch={false} data-testid="events-object">
                      {obj}
                    </Link>
                  ) : (
                    obj
                  )}
                </span>
                <span className="w-14">{e.count}</span>
                <span className="flex-1 truncate" title={e.message}>
                  {e.recorded && <span className="mr-1 rounded bg-slate-200 px-1 text-slate-600">recorded</span>}
                  {e.message}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
