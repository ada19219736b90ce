'use client';
// The live pod list: kubectl's columns, filters in the URL, virtualised rows, keyboard first.
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { since } from '@/lib/k8s/duration';
import { filtersFromParams, filtersToParams, type PodFilters, type SortKey } from '@/lib/pods/filter';
import type { PodRow } from '@/lib/pods/row';
import { INTERMEDIATE, intermediatesOf, workloadKindFromSegment } from '@/lib/pods/workload';
import { ConnectionBadge } from '../ui/ConnectionBadge';
import { useListKeys } from '../ui/list-keys';
import { replaceUrl } from '../ui/replace-url';
import { useNow, useSubscription } from '../data/stream-hooks';
import { statusTone } from './status-tone';
import { DiagnosisBadge } from '../diagnosis/DiagnosisBadge';
import { useUsage } from '../data/usage-hooks';
import { usageCell, usageMerger } from '@/lib/pods/usage-cells';
import { useListIndex } from './use-list-index';
import type { PodDiagnosisRow } from '@/lib/api/diagnoses';
import type { DiagnosisSummary } from '@/lib/diagnosis/types';

const COLUMNS: { key: SortKey; label: string; width: string }[] = [
  { key: 'namespace', label: 'NAMESPACE', width: 'w-44' },
  { key: 'name', label: 'NAME', width: 'flex-1 min-w-64' },
  { key: 'ready', label: 'READY', width: 'w-16' },
  { key: 'status', label: 'STATUS', width: 'w-52' },
  { key: 'restarts', label: 'RESTARTS', width: 'w-32' },
  { key: 'age', label: 'AGE', width: 'w-16' },
  { key: 'cpu', label: 'CPU', width: 'w-24' },
  { key: 'memory', label: 'MEMORY', width: 'w-28' },
  { key: 'ip', label: 'IP', width: 'w-28' },
  { key: 'node', label: 'NODE', width: 'w-36' },
  { key: 'owner', label: 'OWNER', width: 'w-56' },
];
const DIAG_WIDTH = 'w-40';

export const podHref = (context: string, r: { namespace: string; name: string }) =>
  `/c/${encodeURIComponent(context)}/pods/${r.namespace}/${r.name}`;

export function PodList({ context }: { context: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(params.toString())), [params]);
  // one namespace chosen: watch just that namespace; otherwise all namespaces
  const watchNs = filters.namespaces.length === 1 ? filters.namespaces[0] : undefined;
  const data = useSubscription<PodRow>({ context, resource: 'pods', namespace: watchNs, view: 'rows' });
  const deferred = useDeferredValue(data);
  // each pod's diagnosis, computed once on the server for every view (the same as on its page),
  // subscribed once the rows are on screen and the browser is idle: the rows come first, the
  // badges a moment later (on a cold start the server's first diagnosis pass and the browser's
  // first render of 10,000 rows would otherwise share the same two cores)
  const badgesWanted = useAfterIdle(deferred.ready);
  const diagnoses = useSubscription<PodDiagnosisRow>(
    badgesWanted ? { context, resource: 'diagnoses', namespace: watchNs, view: 'rows' } : null,
  );
  const [text, setText] = useState(filters.q);
  const [selector, setSelector] = useState(filters.selector);
  // owner=Deployment/web (or CronJob/…): its pods are owned by its ReplicaSets (Jobs); resolve them
  const [ownerSeg, ownerName] = filters.owner.split('/');
  const ownerKind = ownerName ? workloadKindFromSegment(ownerSeg) : undefined;
  const via = ownerKind && INTERMEDIATE[ownerKind];
  const mids = useSubscription<{ metadata?: { name?: string } }>(
    via ? { context, resource: via.resource, namespace: watchNs, view: 'objects' } : null,
  );
  const ownerVia = useMemo(
    () => (via && ownerKind ? { kind: via.kind, names: intermediatesOf(ownerKind, ownerName, mids.items.values()) } : undefined),
    [via, ownerKind, ownerName, mids],
  );
  // usage (the Metrics API, every 15 s) once the rows are there: sortable like any column
  const usage = useUsage(context, watchNs, badgesWanted);
  const [merge] = useState(usageMerger);
  // filtering and sorting happen in a Web Worker, change by change (use-list-index.ts); the page
  // looks up only the rows on screen
  const { keys, selectorError, statuses: allStatuses, current: listCurrent } = useListIndex(deferred.items, usage.data, filters, ownerVia);
  const rowAt = useCallback(
    (i: number): PodRow | undefined => {
      const r = keys[i] === undefined ? undefined : deferred.items.get(keys[i]);
      return r && usage.data ? merge([r], usage.data)[0] : r;
    },
    [keys, deferred, usage.data, merge],
  );
  const usageState = usage.data?.state;
  const now = useNow(1000);

  const update = useCallback(
    (patch: Partial<PodFilters>) => {
      const next = filtersToParams({ ...filters, ...patch }, new URLSearchParams(params.toString()));
      replaceUrl(`${pathname}?${next.toString()}`);
    },
    [filters, params, pathname],
  );

  // text filters apply as you type, and land in the URL shortly after
  useEffect(() => {
    const t = setTimeout(() => {
      if (text !== filters.q) update({ q: text });
    }, 250);
    return () => clearTimeout(t);
  }, [text, filters.q, update]);
  useEffect(() => {
    const t = setTimeout(() => {
      if (selector !== filters.selector) update({ selector });
    }, 400);
    return () => clearTimeout(t);
  }, [selector, filters.selector, update]);

  const parentRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const virt = useVirtualizer({
    count: keys.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 30,
    overscan: 12,
    useFlushSync: false,
  });
  const { cursor, setCursor } = useListKeys({
    count: keys.length,
    onOpen: useCallback(
      (i: number) => {
        const r = rowAt(i);
        if (r) router.push(podHref(context, r));
      },
      [rowAt, router, context],
    ),
    searchRef,
    scrollTo: useCallback((i: number) => virt.scrollToIndex(i), [virt]),
    onEscape: useCallback(() => {
      setText('');
      setSelector('');
      update({ q: '', selector: '' });
    }, [update]),
  });

  const toggleSort = (key: SortKey) => update(filters.sort === key ? { desc: !filters.desc } : { sort: key, desc: false });

  return (
    <div className="flex h-[calc(100vh-90px)] flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <input
          ref={searchRef}
          data-testid="pod-search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="search  ( / )"
          className="w-56 rounded border border-slate-300 px-2 py-1"
        />
        <input
          data-testid="ns-filter"
          defaultValue={filters.namespaces.join(',')}
          placeholder="namespaces (comma-separated)"
          onKeyDown={(e) => {
            if (e.key === 'Enter')
              update({
                namespaces: (e.target as HTMLInputElement).value
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              });
          }}
          onBlur={(e) =>
            update({
              namespaces: e.target.value
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            })
          }
          className="w-56 rounded border border-slate-300 px-2 py-1"
        />
        <input
          data-testid="label-filter"
          value={selector}
          onChange={(e) => setSelector(e.target.value)}
          placeholder="label selector, e.g. app=web,tier!=db"
          className={`w-64 rounded border px-2 py-1 ${selectorError ? 'border-red-500' : 'border-slate-300'}`}
        />
        <select
          data-testid="status-filter"
          value={filters.statuses[0] ?? ''}
          onChange={(e) => update({ statuses: e.target.value ? [e.target.value] : [] })}
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          <option value="">any status</option>
          {[...new Set([...allStatuses, ...filters.statuses])].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <input
          data-testid="node-filter"
          defaultValue={filters.node}
          placeholder="node"
          onBlur={(e) => update({ node: e.target.value.trim() })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') update({ node: (e.target as HTMLInputElement).value.trim() });
          }}
          className="w-32 rounded border border-slate-300 px-2 py-1"
        />
        <input
          data-testid="owner-filter"
          defaultValue={filters.owner}
          placeholder="owner"
          onBlur={(e) => update({ owner: e.target.value.trim() })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') update({ owner: (e.target as HTMLInputElement).value.trim() });
          }}
          className="w-40 rounded border border-slate-300 px-2 py-1"
        />
        <span className="ml-auto text-slate-500" data-testid="pod-count">
          {keys.length} of {data.items.size} pods
        </span>
        <ConnectionBadge watches={[data.state]} />
        {usageState && usageState.phase !== 'live' && usageState.phase !== 'connecting' && (
          <span className="max-w-96 truncate text-amber-700" data-testid="usage-state" title={usageState.message}>
            usage {usageState.phase}: {usageState.message}
          </span>
        )}
      </div>
      {selectorError && (
        <div className="bg-red-50 px-4 py-1 text-sm text-red-700" data-testid="selector-error">
          Label selector: {selectorError}
        </div>
      )}
      {data.state.phase === 'error' && (
        <div className="bg-red-50 px-4 py-2 text-sm text-red-800" data-testid="list-error">
          Cannot list pods: {data.state.message}
          {data.state.errorKind === 'forbidden' ? ' — your identity lacks permission to list/watch pods here.' : ''}
        </div>
      )}
      <div className="mono flex border-b border-slate-300 bg-slate-100 px-4 text-xs font-semibold text-slate-600" role="row">
        {COLUMNS.map((c) => (
          <button
            key={c.key}
            type="button"
            className={`${c.width} truncate py-1.5 text-left hover:text-slate-900`}
            onClick={() => toggleSort(c.key)}
            data-testid={`sort-${c.key}`}
            title={
              (c.key === 'cpu' || c.key === 'memory') && usageState && usageState.phase !== 'live'
                ? `usage ${usageState.phase}${usageState.message ? `: ${usageState.message}` : ''}`
                : undefined
            }
          >
            {c.label}
            {filters.sort === c.key ? (filters.desc ? ' ▼' : ' ▲') : ''}
          </button>
        ))}
        <span className={`${DIAG_WIDTH} py-1.5`}>DIAGNOSIS</span>
      </div>
      <div ref={parentRef} className="flex-1 overflow-auto" data-testid="pod-rows" role="grid" aria-rowcount={keys.length}>
        {!data.ready && data.state.phase === 'reconnecting' && (
          <div className="p-4 text-red-700" data-testid="cluster-unreachable">
            Cannot reach the cluster: {data.state.message}. Retrying since{' '}
            {new Date(data.state.since).toLocaleTimeString([], { hour12: false })}…
          </div>
        )}
        {!data.ready && data.state.phase !== 'error' && data.state.phase !== 'reconnecting' && (
          <div className="p-4 text-slate-500">Loading pods…</div>
        )}
        {/* (once the deferred rows caught up: no flash of "no pods" while 10,000 arrive) */}
        {data.ready && deferred === data && listCurrent && keys.length === 0 && (
          <div className="p-4 text-slate-500" data-testid="no-pods">
            {data.items.size === 0 ? 'No pods.' : 'No pod matches these filters.'}
          </div>
        )}
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((vi) => {
            const r = rowAt(vi.index);
            if (!r) return null;
            return (
              <PodListRow
                key={r.key}
                context={context}
                row={r}
                diag={diagnoses.items.get(r.key)?.summary}
                index={vi.index}
                start={vi.start}
                size={vi.size}
                selected={vi.index === cursor}
                now={now}
                onHover={setCursor}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * One row. Memoised: on a delta frame only the rows whose projection, badge or position changed
 * render again (the stream keeps an unchanged row's object as it was), and ages once a second.
 */
const PodListRow = memo(function PodListRow({
  context,
  row: r,
  diag,
  index,
  start,
  size,
  selected,
  now,
  onHover,
}: {
  context: string;
  row: PodRow;
  diag: DiagnosisSummary | undefined;
  index: number;
  start: number;
  size: number;
  selected: boolean;
  now: number;
  onHover: (index: number) => void;
}) {
  const owner = r.owner ? `${r.owner.kind}/${r.owner.name}` : '';
  const restarts = r.restarts !== 0 && r.lastRestartAt ? `${r.restarts} (${since(r.lastRestartAt, now)} ago)` : String(r.restarts);
  return (
    <Link
      href={podHref(context, r)}
      prefetch={false}
      role="row"
      data-testid="pod-row"
      data-pod={r.key}
      data-status={r.status}
      className={`mono absolute left-0 flex w-full items-center border-b border-slate-100 px-4 text-xs hover:bg-blue-50 ${selected ? 'bg-blue-100' : ''} ${r.deleting ? 'opacity-60' : ''}`}
      style={{ top: 0, height: size, transform: `translateY(${start}px)` }}
      onMouseEnter={() => onHover(index)}
    >
      <span className="w-44 truncate" title={r.namespace}>
        {r.namespace}
      </span>
      <span className="min-w-64 flex-1 truncate font-medium" title={r.name}>
        {r.name}
      </span>
      <span className="w-16 truncate" data-col="ready">
        {r.ready}/{r.total}
      </span>
      <span className={`w-52 truncate ${statusTone(r.status)}`} data-col="status" title={r.status}>
        {r.status}
      </span>
      <span className="w-32 truncate" data-col="restarts" title={restarts}>
        {restarts}
      </span>
      <span className="w-16 truncate" title={r.createdAt}>
        {since(r.createdAt, now)}
      </span>
      <UsageCellView row={r} resource="cpu" width="w-24" />
      <UsageCellView row={r} resource="memory" width="w-28" />
      <span className="w-28 truncate" title={r.ip}>
        {r.ip ?? '<none>'}
      </span>
      <span className="w-36 truncate" title={r.node}>
        {r.node ?? '<none>'}
      </span>
      <span className="w-56 truncate text-slate-500" title={owner}>
        {owner}
      </span>
      <span className={`${DIAG_WIDTH} truncate`} data-col="diagnosis" title={diag?.title}>
        {diag && <DiagnosisBadge summary={diag} />}
      </span>
    </Link>
  );
});

function UsageCellView({ row, resource, width }: { row: PodRow; resource: 'cpu' | 'memory'; width: string }) {
  const c = usageCell(row, resource);
  return (
    <span
      className={`${width} truncate ${c?.hot ? 'font-semibold text-red-700' : 'text-slate-700'}`}
      data-col={resource}
      data-hot={c?.hot ? 'true' : undefined}
      title={c?.title ?? 'no usage sample (not running, or no Metrics API)'}
    >
      {c ? `${c.hot ? '▲ ' : ''}${c.text}` : '–'}
    </span>
  );
}

/** True from the first idle moment after `ready` turned true (and from then on). */
function useAfterIdle(ready: boolean): boolean {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!ready || done) return;
    const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number };
    if (w.requestIdleCallback) {
      const id = w.requestIdleCallback(() => setDone(true), { timeout: 1000 });
      return () => window.cancelIdleCallback(id);
    }
    const t = window.setTimeout(() => setDone(true), 200);
    return () => window.clearTimeout(t);
  }, [ready, done]);
  return done;
}
