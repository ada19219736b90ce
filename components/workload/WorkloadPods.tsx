'use client';
// The pods of one workload, live: failing ones (worst first), all of them, or straight to the
// newest. The link names the workload, so it keeps working while its pods come and go.
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo } from 'react';
import { since } from '@/lib/k8s/duration';
import { podViewFromParams, podViewHref } from '@/lib/links';
import type { PodRow } from '@/lib/pods/row';
import {
  INTERMEDIATE,
  intermediatesOf,
  pickPods,
  podsOfWorkload,
  type WorkloadKind,
  type WorkloadShow,
  workloadHref,
} from '@/lib/pods/workload';
import { useNow, useSubscription } from '../data/stream-hooks';
import type { PodDiagnosisRow } from '@/lib/api/diagnoses';
import { DiagnosisBadge } from '../diagnosis/DiagnosisBadge';
import { statusTone } from '../pods/status-tone';
import { ConnectionBadge } from '../ui/ConnectionBadge';
import { CopyButton } from '../ui/CopyButton';
import { useListKeys } from '../ui/list-keys';
import { resourceByKind } from '@/lib/k8s/resources';
import type { PodEvent } from '@/lib/events/normalize';
import {
  changedHunks,
  deploymentRevisions,
  hashRevisions,
  lineDiff,
  type ReplicaSetLike,
  type Revision,
  templateLines,
} from '@/lib/pods/revisions';
import { EventsTable } from '../pod/EventsTable';
import { LEVEL_FILTERS, type LevelFilter, MergedLogs } from '../logs/MergedLogs';

const revisionLabel = (r: Revision) => (r.revision !== undefined ? `revision ${r.revision} (${r.name})` : `revision ${r.name}`);

/** The revisions, newest first: images, ready of desired, pods; and what the newest changed. */
function Revisions({ revisions }: { revisions: Revision[] }) {
  const [newer, older] = revisions;
  const diff =
    newer?.template && older?.template ? changedHunks(lineDiff(templateLines(older.template), templateLines(newer.template))) : [];
  return (
    <section className="mt-4" data-testid="workload-revisions">
      <h2 className="mb-1 text-sm font-semibold text-slate-600">Revisions</h2>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th>REVISION</th>
            <th>IMAGES</th>
            <th>READY</th>
            <th>PODS</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((r) => (
            <tr key={r.name} className="border-t border-slate-100" data-testid="workload-revision">
              <td className="mono">{revisionLabel(r)}</td>
              <td className="mono text-xs">{r.images.join(', ') || '—'}</td>
              <td>
                {r.ready ?? 0}
                {r.desired !== undefined ? `/${r.desired}` : ''}
              </td>
              <td>{r.pods.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff.length > 0 && (
        <details className="mt-2" data-testid="workload-template-diff">
          <summary className="cursor-pointer text-xs text-blue-700">
            what {revisionLabel(newer)} changed in the pod template since {revisionLabel(older)}
          </summary>
          <pre className="mono mt-1 overflow-auto rounded bg-slate-50 p-2 text-xs">
            {diff.map((l, i) => (
              <div key={i} className={l.op === '+' ? 'text-green-700' : l.op === '-' ? 'text-red-700' : 'text-slate-500'}>
                {l.op === '…' ? '…' : `${l.op} ${l.text}`}
              </div>
            ))}
          </pre>
        </details>
      )}
    </section>
  );
}

interface Workload {
  metadata?: { name?: string; generation?: number };
  spec?: { replicas?: number; parallelism?: number; suspend?: boolean; schedule?: string };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    updatedReplicas?: number;
    desiredNumberScheduled?: number;
    numberReady?: number;
    numberAvailable?: number;
    updatedNumberScheduled?: number;
    active?: number;
    succeeded?: number;
    failed?: number;
    observedGeneration?: number;
    currentRevision?: string;
    updateRevision?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** What a bad rollout is read from: desired / ready / available / updated, and the conditions. */
function WorkloadSummary({ kind, w }: { kind: string; w: Workload }) {
  const st = w.status ?? {};
  const counts: [string, number | undefined][] =
    kind === 'DaemonSet'
      ? [
          ['desired', st.desiredNumberScheduled],
          ['ready', st.numberReady],
          ['available', st.numberAvailable],
          ['updated', st.updatedNumberScheduled],
        ]
      : kind === 'Job'
        ? [
            ['active', st.active],
            ['succeeded', st.succeeded],
            ['failed', st.failed],
          ]
        : kind === 'CronJob'
          ? []
          : [
              ['desired', w.spec?.replicas],
              ['ready', st.readyReplicas],
              ['available', st.availableReplicas],
              ['updated', st.updatedReplicas],
            ];
  const behind =
    w.metadata?.generation !== undefined && st.observedGeneration !== undefined && st.observedGeneration < w.metadata.generation;
  return (
    <div className="mb-3 flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="workload-summary">
      {counts.map(([k, v]) => (
        <span key={k} data-count={k}>
          <span className="text-slate-500">{k}</span> <b>{v ?? 0}</b>
        </span>
      ))}
      {kind === 'CronJob' && (
        <span>
          <span className="text-slate-500">schedule</span> <b className="mono">{w.spec?.schedule}</b>
          {w.spec?.suspend ? ' (suspended)' : ''}
        </span>
      )}
      {behind && <span className="text-amber-700">the controller has not seen the latest spec yet</span>}
      {(st.conditions ?? []).map((c) => (
        <span key={c.type} title={c.message} data-condition={c.type} className={c.status === 'True' ? 'text-slate-700' : 'text-red-700'}>
          {c.type}={c.status}
          {c.reason ? ` (${c.reason})` : ''}
        </span>
      ))}
    </div>
  );
}

export function WorkloadPods({
  context,
  namespace,
  kind,
  name,
  show,
}: {
  context: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  show: WorkloadShow;
}) {
  const router = useRouter();
  const params = useSearchParams();
  const via = INTERMEDIATE[kind];
  const podSub = useSubscription<PodRow>({ context, resource: 'pods', namespace, view: 'rows' });
  const diagSub = useSubscription<PodDiagnosisRow>({ context, resource: 'diagnoses', namespace, view: 'rows' });
  const midSub = useSubscription<{ metadata?: { name?: string } }>(
    via ? { context, resource: via.resource, namespace, view: 'objects' } : null,
  );
  // the workload itself: a name that does not exist is "not found", never "every pod looks healthy"
  const selfRes = resourceByKind(kind);
  const selfSub = useSubscription<Workload>(selfRes ? { context, resource: selfRes.name, namespace, name, view: 'objects' } : null);
  const self = selfSub.items.values().next().value;
  // "failing" is what the shared diagnosis says: wait for it, so nothing healthy-looking flashes
  const ready = podSub.ready && selfSub.ready && (!via || midSub.ready) && (show !== 'failing' || diagSub.ready);
  const mids = useMemo(() => (via ? intermediatesOf(kind, name, midSub.items.values()) : new Set<string>()), [via, kind, name, midSub]);
  const ofWorkload = useMemo(() => podsOfWorkload(podSub.items.values(), kind, name, mids), [podSub, kind, name, mids]);
  const picked = useMemo(() => pickPods(ofWorkload, show, (k) => diagSub.items.get(k)?.summary), [ofWorkload, diagSub, show]);
  // revisions: a Deployment's ReplicaSets; a StatefulSet's or DaemonSet's revision hashes
  const revisions = useMemo(
    () =>
      kind === 'Deployment'
        ? deploymentRevisions(name, midSub.items.values() as Iterable<ReplicaSetLike>, ofWorkload)
        : kind === 'StatefulSet' || kind === 'DaemonSet'
          ? hashRevisions(ofWorkload, self?.status?.currentRevision, self?.status?.updateRevision)
          : [],
    [kind, name, midSub, ofWorkload, self],
  );
  const revisionOf = useMemo(() => new Map(revisions.flatMap((r) => r.pods.map((p) => [p.key, r] as const))), [revisions]);
  // the workload's own events and its ReplicaSets' / Jobs'
  const evSub = useSubscription<PodEvent>(show === 'newest' ? null : { context, resource: 'events', namespace, view: 'rows' });
  const workloadEvents = useMemo(
    () =>
      [...evSub.items.values()]
        .filter(
          (e) =>
            (e.involved.kind === kind && e.involved.name === name) ||
            (via && e.involved.kind === via.kind && mids.has(e.involved.name ?? '')),
        )
        .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '')),
    [evSub, kind, name, via, mids],
  );
  // pods in the table, grouped by revision (newest first) when there are revisions
  const groups = useMemo(() => {
    if (!revisions.length) return [{ label: '', pods: picked }];
    const byRev = revisions.map((r) => ({ label: revisionLabel(r), pods: picked.filter((p) => revisionOf.get(p.key) === r) }));
    const rest = picked.filter((p) => !revisionOf.has(p.key));
    return [...byRev, ...(rest.length ? [{ label: 'no revision', pods: rest }] : [])].filter((g) => g.pods.length);
  }, [revisions, picked, revisionOf]);
  const ordered = useMemo(() => groups.flatMap((g) => g.pods), [groups]);
  const { cursor } = useListKeys({
    count: ordered.length,
    onOpen: useCallback(
      (i: number) => ordered[i] && router.push(podViewHref({ context, namespace, name: ordered[i].name, tab: 'overview' })),
      [ordered, router, context, namespace],
    ),
  });
  const now = useNow(1000);

  const newest = show === 'newest' && ready ? picked[0] : undefined;
  useEffect(() => {
    if (!newest) return;
    // keep the pod-page part of the link (tab, container, ...): "the newest pod's logs"
    const view = podViewFromParams({ context, namespace, name: newest.name }, new URLSearchParams(params.toString()));
    router.replace(podViewHref(view));
  }, [newest, context, namespace, params, router]);

  // the merged logs tab: its search and severity filter are in the link too
  const tab = params.get('tab') === 'logs' && show !== 'newest' ? 'logs' : 'pods';
  const level = (LEVEL_FILTERS as readonly string[]).includes(params.get('level') ?? '') ? (params.get('level') as LevelFilter) : 'all';
  const setParams = useCallback(
    (p: Record<string, string | undefined>) => {
      const q = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(p)) {
        if (v === undefined || v === '') q.delete(k);
        else q.set(k, v);
      }
      router.replace(`${window.location.pathname}${q.size ? `?${q}` : ''}`, { scroll: false });
    },
    [router],
  );
  const onLogsChange = useCallback(
    (p: { search?: string; level?: LevelFilter }) =>
      setParams({
        ...('search' in p ? { q: p.search } : {}),
        ...('level' in p ? { level: p.level === 'all' ? undefined : p.level } : {}),
      }),
    [setParams],
  );

  const title = `${show === 'failing' ? 'Failing pods' : show === 'newest' ? 'Newest pod' : 'Pods'} of ${kind.toLowerCase()} ${namespace}/${name}`;
  return (
    <div className="p-4" data-testid="workload-pods">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{title}</h1>
        <CopyButton text={() => window.location.href} label="copy link" />
        <span className="text-xs text-slate-500">
          {(['failing', 'all', 'newest'] as const)
            .filter((s) => s !== show)
            .map((s) => (
              <Link key={s} className="mr-2 text-blue-700 hover:underline" href={workloadHref(context, namespace, kind, name, s)}>
                {s}
              </Link>
            ))}
        </span>
        <div className="ml-auto">
          <ConnectionBadge watches={[podSub.state, diagSub.state, selfSub.state, ...(via ? [midSub.state] : [])]} />
        </div>
      </div>
      {podSub.state.phase === 'error' && (
        <p className="text-red-700" data-testid="workload-error">
          {podSub.state.message}
        </p>
      )}
      {!ready && podSub.state.phase !== 'error' && <p className="text-slate-600">Loading…</p>}
      {ready && !self && (
        <p className="text-slate-700" data-testid="workload-not-found">
          There is no {kind.toLowerCase()} named {name} in namespace {namespace}
          {picked.length ? ` (${picked.length} pod${picked.length === 1 ? '' : 's'} still name it as their owner)` : ''}.
        </p>
      )}
      {ready && self && <WorkloadSummary kind={kind} w={self} />}
      {ready && self && show !== 'newest' && (
        <nav className="mb-3 flex gap-1 border-b border-slate-200 text-sm" data-testid="workload-tabs">
          {(['pods', 'logs'] as const).map((t) => (
            <button
              key={t}
              type="button"
              data-testid={`workload-tab-${t}`}
              aria-current={tab === t ? 'page' : undefined}
              onClick={() => setParams({ tab: t === 'pods' ? undefined : t })}
              className={`-mb-px border-b-2 px-3 py-1 ${tab === t ? 'border-blue-600 font-semibold text-blue-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
            >
              {t === 'pods' ? 'Pods' : 'Merged logs'}
            </button>
          ))}
        </nav>
      )}
      {ready && self && tab === 'logs' && (
        <MergedLogs
          context={context}
          namespace={namespace}
          kind={kind}
          name={name}
          search={params.get('q') ?? undefined}
          level={level}
          onChange={onLogsChange}
        />
      )}
      {ready && self && tab === 'pods' && picked.length === 0 && (
        <p className="text-slate-700" data-testid="workload-empty">
          {show === 'failing'
            ? `No failing pods: every pod of ${kind.toLowerCase()} ${name} looks healthy right now.`
            : `There are no pods of ${kind.toLowerCase()} ${name} right now.`}
        </p>
      )}
      {ready && tab === 'pods' && show !== 'newest' && picked.length > 0 && (
        <table className="w-full table-fixed text-sm" data-testid="workload-table">
          <colgroup>
            <col className="w-72" />
            <col className="w-44" />
            <col className="w-16" />
            <col className="w-20" />
            <col className="w-16" />
            <col />
          </colgroup>
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th>NAME</th>
              <th>STATUS</th>
              <th>READY</th>
              <th>RESTARTS</th>
              <th>AGE</th>
              <th>DIAGNOSIS</th>
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody key={g.label} data-testid="workload-revision-group" data-revision={g.label}>
              {g.label && (
                <tr>
                  <td colSpan={6} className="pt-2 text-xs font-semibold text-slate-500">
                    {g.label}
                  </td>
                </tr>
              )}
              {g.pods.map((p) => (
                <tr
                  key={p.key}
                  className={`border-t border-slate-100 ${ordered[cursor] === p ? 'bg-blue-50' : ''}`}
                  data-testid="workload-pod"
                  data-selected={ordered[cursor] === p ? 'true' : undefined}
                >
                  <td className="mono truncate" title={p.name}>
                    <Link
                      className="text-blue-700 hover:underline"
                      href={podViewHref({ context, namespace, name: p.name, tab: 'overview' })}
                    >
                      {p.name}
                    </Link>
                  </td>
                  <td className={`truncate ${statusTone(p.status)}`} title={p.status}>
                    {p.status}
                  </td>
                  <td className="truncate">
                    {p.ready}/{p.total}
                  </td>
                  <td className="truncate">{p.restarts}</td>
                  <td className="truncate">{since(p.createdAt, now)}</td>
                  <td data-col="diagnosis" className="truncate" title={diagSub.items.get(p.key)?.summary.title}>
                    {diagSub.items.get(p.key) && (
                      <span className="flex min-w-0 items-center gap-2">
                        <span className="shrink-0">
                          <DiagnosisBadge summary={diagSub.items.get(p.key)!.summary} />
                        </span>
                        <span className="truncate text-xs text-slate-600">{diagSub.items.get(p.key)!.summary.title}</span>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
      {ready && self && tab === 'pods' && show !== 'newest' && revisions.length > 0 && <Revisions revisions={revisions} />}
      {ready && self && tab === 'pods' && show !== 'newest' && (
        <section className="mt-4" data-testid="workload-events">
          <h2 className="mb-1 text-sm font-semibold text-slate-600">Events</h2>
          <EventsTable events={workloadEvents.slice(0, 50)} now={now} subject={`${kind.toLowerCase()} ${name}`} />
        </section>
      )}
      {newest && <p className="text-slate-600">Opening {newest.name}…</p>}
    </div>
  );
}
