'use client';
// On-call triage: what is broken right now, grouped into incidents, worst first; live.
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { triageFilters } from '@/lib/triage/filters';
import { useListKeys } from '../ui/list-keys';
import { replaceUrl } from '../ui/replace-url';
import { useCallback, useMemo, useRef } from 'react';
import { since } from '@/lib/k8s/duration';
import type { Incident } from '@/lib/triage/incidents';
import { workloadHref, workloadKindFromSegment } from '@/lib/pods/workload';
import { SEVERITY_STYLE, shortLabel } from '../diagnosis/labels';
import { podHref } from '../pods/PodList';
import { useItems, useNow, useSubscription } from '../data/stream-hooks';
import { statusTone } from '../pods/status-tone';
import { ConnectionBadge } from '../ui/ConnectionBadge';

const ORDER = { critical: 0, error: 1, warning: 2, info: 3 } as const;

export function TriageBoard({ context }: { context: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const now = useNow(5000);
  const { filters, problems } = useMemo(() => triageFilters(new URLSearchParams(params.toString())), [params]);
  const ns = filters.namespaces.join(',');
  const { severity, category } = filters;
  const data = useSubscription<Incident>({ context, resource: 'triage', namespace: filters.watchNamespace, view: 'objects' });
  const all = useItems(data);
  const incidents = useMemo(
    () =>
      all
        .filter(
          (i) =>
            (!filters.namespaces.length || filters.namespaces.includes(i.workload.namespace)) &&
            (!severity || ORDER[i.severity] <= ORDER[severity as keyof typeof ORDER]) &&
            (!category || i.category === category),
        )
        // the server's rank (lib/triage/incidents.ts rankIncident): outage, change, severity, recency
        .sort((a, b) => b.rank.score - a.rank.score || b.affected - a.affected || a.id.localeCompare(b.id)),
    [all, filters, severity, category],
  );
  const incidentHref = (i: Incident) =>
    i.representative
      ? podHref(context, { namespace: i.workload.namespace, name: i.representative })
      : `/c/${encodeURIComponent(context)}/pods?ns=${i.workload.namespace}`;
  const nsRef = useRef<HTMLInputElement>(null);
  const { cursor } = useListKeys({
    count: incidents.length,
    onOpen: useCallback((n: number) => incidents[n] && router.push(incidentHref(incidents[n])), [incidents, router]), // eslint-disable-line react-hooks/exhaustive-deps
    searchRef: nsRef,
  });
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(params.toString());
    if (v) p.set(k, v);
    else p.delete(k);
    replaceUrl(`${pathname}?${p}`);
  };
  const categories = [...new Set(all.map((i) => i.category))].sort();
  return (
    <div className="p-4">
      <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
        <h1 className="mr-2 text-lg font-semibold">Triage</h1>
        <input
          ref={nsRef}
          data-testid="triage-ns"
          defaultValue={ns}
          placeholder="namespaces"
          onBlur={(e) => set('ns', e.target.value.trim())}
          onKeyDown={(e) => {
            if (e.key === 'Enter') set('ns', (e.target as HTMLInputElement).value.trim());
          }}
          className="w-48 rounded border border-slate-300 px-2 py-1"
        />
        <select
          data-testid="triage-severity"
          value={severity}
          onChange={(e) => set('severity', e.target.value)}
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          <option value="">any severity</option>
          <option value="critical">critical</option>
          <option value="error">error or worse</option>
          <option value="warning">warning or worse</option>
        </select>
        <select
          data-testid="triage-category"
          value={category}
          onChange={(e) => set('category', e.target.value)}
          className="rounded border border-slate-300 bg-white px-2 py-1"
        >
          <option value="">any cause</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <span className="ml-auto text-slate-500" data-testid="incident-count">
          {incidents.length} incident{incidents.length === 1 ? '' : 's'}
        </span>
        <ConnectionBadge watches={[data.state]} />
      </div>
      {!data.ready && <div className="text-slate-500">Reading the cluster…</div>}
      {problems.length > 0 && (
        <div className="rounded border border-red-300 bg-red-50 p-3 text-red-800" data-testid="triage-invalid">
          These filters cannot match anything: {problems.join('; ')}.
        </div>
      )}
      {data.ready && problems.length === 0 && incidents.length === 0 && (
        <div className="rounded border border-emerald-300 bg-emerald-50 p-3 text-emerald-800" data-testid="triage-empty">
          Nothing is broken{ns || severity || category ? ' that matches these filters' : ''}.
        </div>
      )}
      <ol className="space-y-0.5" data-testid="incidents">
        {incidents.map((i, n) => {
          const wk = workloadKindFromSegment(i.workload.kind);
          return (
            <li
              key={i.id}
              className={`rounded border px-2 py-0.5 ${n === cursor ? 'border-blue-400 bg-blue-50' : 'border-slate-200 bg-white'}`}
              data-selected={n === cursor ? 'true' : undefined}
              data-testid="incident"
              data-incident={i.id}
              data-finding={i.findingId}
              data-namespace={i.workload.namespace}
              data-rank={n + 1}
              data-score={i.rank.score}
            >
              <div className="flex items-center gap-2 text-[13px] leading-5">
                <span className="w-6 text-right text-xs text-slate-400">{n + 1}</span>
                <span className={`rounded px-1.5 text-[11px] font-semibold uppercase ${SEVERITY_STYLE[i.severity]}`}>{i.severity}</span>
                <span className="rounded bg-slate-100 px-1.5 text-[11px]">{shortLabel(i.findingId)}</span>
                <span className="shrink-0 text-xs" data-testid="blast-radius">
                  <b>{i.affected}</b>/{i.desired}
                  {i.available !== undefined && <span className="text-slate-500"> ({i.available} available)</span>}
                </span>
                {wk ? (
                  <Link
                    href={workloadHref(context, i.workload.namespace, wk, i.workload.name, 'failing')}
                    className="mono shrink-0 text-xs text-blue-800 hover:underline"
                    data-testid="incident-workload"
                  >
                    {i.workload.namespace}/{i.workload.kind.toLowerCase()}/{i.workload.name}
                  </Link>
                ) : (
                  <span className="mono shrink-0 text-xs">
                    {i.workload.namespace}/{i.workload.kind.toLowerCase()}/{i.workload.name}
                  </span>
                )}
                <Link
                  href={incidentHref(i)}
                  className="min-w-0 flex-1 truncate font-semibold text-blue-900 hover:underline"
                  title={i.title}
                  data-testid="incident-link"
                >
                  {i.title}
                </Link>
                {i.firstSeen && (
                  <span className="shrink-0 text-xs text-slate-500" title={i.firstSeen}>
                    since {since(i.firstSeen, now)}
                  </span>
                )}
              </div>
              <div className="ml-8 flex items-center gap-3 text-[11px] leading-4 text-slate-500">
                {i.consequences?.length ? (
                  <span
                    className="max-w-[40%] truncate text-slate-600"
                    data-testid="incident-consequences"
                    title={i.consequences.join('\n')}
                  >
                    ↳ {i.consequences[0]}
                    {i.consequences.length > 1 ? ` (+${i.consequences.length - 1})` : ''}
                  </span>
                ) : null}
                <span
                  data-testid="rank-reasons"
                  className="min-w-0 shrink truncate"
                  title={`${i.rank.reasons.join(' · ')} (score ${i.rank.score})`}
                >
                  {i.rank.reasons.join(' · ')}
                </span>
                <span className="mono min-w-0 shrink-[2] truncate" title={i.pods.map((p) => `${p.name} ${p.status}`).join('\n')}>
                  {i.pods.slice(0, 4).map((p) => (
                    <Link
                      key={p.name}
                      href={podHref(context, { namespace: i.workload.namespace, name: p.name })}
                      className="mr-2 hover:underline"
                    >
                      {p.name} <span className={statusTone(p.status)}>{p.status}</span>
                    </Link>
                  ))}
                  {i.pods.length > 4 && <span>+{i.pods.length - 4} more</span>}
                </span>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
