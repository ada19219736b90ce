'use client';
// The pod debug page: everything about one pod, live, with a URL that reproduces the view.
import type { V1Pod } from '@kubernetes/client-node';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { mergeEvents, type PodEvent } from '@/lib/events/normalize';
import { belongsToPod } from '@/lib/k8s/events';
import { podColumns, readyCell, restartsCell } from '@/lib/k8s/pod-status';
import { since } from '@/lib/k8s/duration';
import { podViewFromParams, podViewHref, type PodView, TABS } from '@/lib/links';
import type { Transition } from '@/lib/timeline/transitions';
import { DiagnosisPanel } from '../diagnosis/DiagnosisPanel';
import type { PodDiagnosisRow } from '@/lib/api/diagnoses';
import { LogViewer } from '../logs/LogViewer';
import { useItems, useNow, useSubscription } from '../data/stream-hooks';
import { statusTone } from '../pods/status-tone';
import { Timeline } from '../timeline/Timeline';
import { ConnectionBadge } from '../ui/ConnectionBadge';
import { CopyButton } from '../ui/CopyButton';
import { Actions } from './Actions';
import { usePodRecord } from '../data/pod-hooks';
import { lastStateOf } from './record';
import { ShareSnapshot } from './ShareSnapshot';
import { Containers } from './Containers';
import { EventsTable } from './EventsTable';
import { OwnerChain } from './OwnerChain';
import { Conditions, Volumes } from './Sections';
import { Forwards } from './Forwards';
import { Shell } from './Shell';
import { Usage } from './Usage';
import { usePodUsage } from '../data/usage-hooks';
import { YamlView } from './YamlView';

export function PodPage({ context, namespace, name }: { context: string; namespace: string; name: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const view = useMemo(
    () => podViewFromParams({ context, namespace, name }, new URLSearchParams(params.toString())),
    [context, namespace, name, params],
  );
  const setView = (patch: Partial<PodView>) => router.replace(podViewHref({ ...view, ...patch }), { scroll: false });

  const podSub = useSubscription<V1Pod>({ context, resource: 'pods', namespace, name, view: 'objects' });
  const evSub = useSubscription<PodEvent>({ context, resource: 'events', namespace, involvedName: name, view: 'rows' });
  const trSub = useSubscription<Transition>({ context, resource: 'podtransitions', namespace, name, view: 'objects' });
  const live = podSub.items.get(`${namespace}/${name}`);
  const transitions = useItems(trSub);
  // usage on the timeline's axis (only while the timeline is shown)
  const timelineUsage = usePodUsage(context, namespace, name, undefined, view.tab === 'timeline');
  const now = useNow(1000);

  // keep the last version seen, so a pod deleted while you look at it stays on screen
  const lastSeen = useRef<V1Pod | undefined>(undefined);
  const [deletedAt, setDeletedAt] = useState<number | undefined>();
  useEffect(() => {
    if (live) {
      lastSeen.current = live;
      setDeletedAt(undefined);
    } else if (podSub.ready && lastSeen.current && deletedAt === undefined) setDeletedAt(Date.now());
  }, [live, podSub.ready, deletedAt]);
  // a pod that is already gone when the page opens: the flight recorder's last copy, if any
  const record = usePodRecord(context, namespace, name, podSub.ready && !live && !lastSeen.current);
  const pod = live ?? lastSeen.current ?? record.data?.pod;
  const goneAt = deletedAt ?? (live || lastSeen.current ? undefined : record.data?.deletedAt);
  // this pod's events only: a pod that had the same name before (a StatefulSet's web-0) is another pod
  const uid = pod?.metadata?.uid;
  // the shared diagnosis (the list's badge): its container is where the logs open
  const diagSub = useSubscription<PodDiagnosisRow>(
    view.tab === 'logs' ? { context, resource: 'diagnoses', namespace, view: 'rows' } : null,
  );
  const diagnosed = diagSub.items.get(`${namespace}/${name}`);
  const events = useMemo(() => mergeEvents([...evSub.items.values()]).filter((e) => belongsToPod(e.involved.uid, uid)), [evSub, uid]);

  const header = (
    <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
      <Link href={`/c/${encodeURIComponent(context)}/pods`} className="text-sm text-blue-700 hover:underline">
        ← pods
      </Link>
      <h1 className="mono text-lg font-semibold" data-testid="pod-title">
        {namespace}/{name}
      </h1>
      <div className="ml-auto flex items-center gap-2">
        {!goneAt && <Actions context={context} namespace={namespace} name={name} />}
        {pod && <ShareSnapshot context={context} namespace={namespace} name={name} />}
        <CopyButton text={() => window.location.href} label="copy link" testId="copy-link" />
        <ConnectionBadge watches={[podSub.state, evSub.state]} />
      </div>
    </div>
  );

  if (podSub.state.phase === 'error' && !pod) {
    const forbidden = podSub.state.errorKind === 'forbidden';
    return (
      <div>
        {header}
        <div className="mx-auto max-w-2xl p-8" data-testid="pod-error">
          <h2 className="text-xl font-semibold">{forbidden ? 'Forbidden' : 'Cannot load this pod'}</h2>
          <p className="mt-2 text-slate-700">{podSub.state.message}</p>
          {forbidden && (
            <p className="mt-2 text-slate-700">
              Your identity needs <code>get</code>, <code>list</code> and <code>watch</code> on <code>pods</code> in namespace{' '}
              <code>{namespace}</code>.
            </p>
          )}
        </div>
      </div>
    );
  }
  if (!podSub.ready && !pod) {
    // never an endless spinner: while the cluster cannot be reached, say so and since when
    const s = podSub.state;
    return (
      <div>
        {header}
        <div className="p-8 text-slate-600" data-testid="pod-loading">
          {s.phase === 'reconnecting' ? (
            <span data-testid="cluster-unreachable">
              Cannot reach the cluster: {s.message}. Retrying since {new Date(s.since).toLocaleTimeString([], { hour12: false })}…
            </span>
          ) : (
            'Loading pod…'
          )}
        </div>
      </div>
    );
  }
  if (!pod && record.isLoading)
    return (
      <div>
        {header}
        <div className="p-8 text-slate-600" data-testid="pod-loading">
          Looking for a record of this pod…
        </div>
      </div>
    );
  if (!pod) {
    return (
      <div>
        {header}
        <div className="mx-auto max-w-2xl p-8" data-testid="pod-not-found">
          <h2 className="text-xl font-semibold">Pod not found</h2>
          <p className="mt-2 text-slate-700">
            There is no pod <code>{name}</code> in namespace <code>{namespace}</code> on this cluster
            {podSub.state.phase === 'live' ? '' : ' (the watch is not live right now)'}. It may have been deleted or replaced by a new pod.
          </p>
          <Link className="mt-4 inline-block text-blue-700 hover:underline" href={`/c/${encodeURIComponent(context)}/pods?ns=${namespace}`}>
            Pods in {namespace}
          </Link>
        </div>
      </div>
    );
  }

  const cols = podColumns(pod);
  const qos = pod.status?.qosClass;
  return (
    <div>
      {header}
      {goneAt !== undefined && (
        <div className="bg-red-50 px-4 py-2 text-sm text-red-800" data-testid="pod-deleted">
          This pod was deleted {since(new Date(goneAt).toISOString(), now)} ago (at {new Date(goneAt).toLocaleString([], { hour12: false })}
          ); last state: <b data-testid="pod-last-state">{lastStateOf(pod)}</b>.{' '}
          {deletedAt !== undefined ? 'Showing what was last seen.' : "Showing the flight recorder's record."}
        </div>
      )}
      <div className="flex flex-wrap gap-x-6 gap-y-1 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <span>
          status{' '}
          <b className={statusTone(cols.status)} data-testid="pod-status">
            {goneAt ? 'Deleted' : cols.status}
          </b>
        </span>
        <span>
          ready <b data-testid="pod-ready">{readyCell(cols)}</b>
        </span>
        <span>
          restarts <b data-testid="pod-restarts">{restartsCell(cols, now)}</b>
        </span>
        <span>
          age <b>{since(pod.metadata?.creationTimestamp as unknown as string, now)}</b>
        </span>
        <span>
          node{' '}
          {pod.spec?.nodeName ? (
            <Link
              href={`/c/${encodeURIComponent(context)}/nodes?node=${encodeURIComponent(pod.spec.nodeName)}`}
              className="mono font-bold text-blue-700 hover:underline"
              data-testid="pod-node"
            >
              {pod.spec.nodeName}
            </Link>
          ) : (
            <b className="mono">{'<none>'}</b>
          )}
        </span>
        <span>
          IP <b className="mono">{pod.status?.podIP ?? '<none>'}</b>
        </span>
        {qos && (
          <span>
            QoS <b>{qos}</b>
          </span>
        )}
        <OwnerChain context={context} pod={pod} />
      </div>
      {trSub.state.message && (
        // the flight recorder's trouble (read-only or full data directory): said on every tab, never fatal
        <div
          className="mx-4 mt-3 rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900"
          data-testid="recorder-warning"
        >
          {trSub.state.message}; the live view is unaffected, but history beyond what the cluster keeps is not being recorded.
        </div>
      )}
      <DiagnosisPanel
        context={context}
        namespace={namespace}
        name={name}
        deleted={goneAt !== undefined}
        // the overview shows the diagnosis whole; on the other tabs it is a summary, so the tab's
        // content starts above the fold (1400×900)
        compact={view.tab !== 'overview'}
        liveKey={`${pod.metadata?.resourceVersion}|${events.length}|${events[0]?.lastSeen ?? ''}|${events[0]?.count ?? 0}`}
      />
      <nav className="mt-3 flex gap-1 border-b border-slate-200 bg-white px-4" role="tablist">
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={view.tab === t}
            data-testid={`tab-${t}`}
            onClick={() => setView({ tab: t })}
            className={`px-3 py-2 text-sm capitalize ${view.tab === t ? 'border-b-2 border-blue-600 font-semibold text-blue-700' : 'text-slate-600 hover:text-slate-900'}`}
          >
            {t}
            {t === 'events' ? ` (${events.length})` : ''}
          </button>
        ))}
      </nav>
      <div className="p-4">
        {view.tab === 'overview' && (
          <div className="space-y-4">
            <Containers pod={pod} now={now} />
            <Conditions pod={pod} now={now} />
            <Volumes pod={pod} />
            <section>
              <h2 className="mb-1 text-sm font-semibold text-slate-600">Recent events</h2>
              <EventsTable events={events.slice(0, 8)} now={now} />
            </section>
          </div>
        )}
        {view.tab === 'timeline' && (
          <Timeline
            pod={pod}
            events={events}
            transitions={transitions}
            now={now}
            from={view.from}
            to={view.to}
            last={view.last}
            onWindow={(from, to, last) => setView({ from, to, last })}
            usage={timelineUsage.data?.containers}
          />
        )}
        {view.tab === 'usage' && <Usage context={context} pod={pod} transitions={transitions} now={now} />}
        {view.tab === 'events' && <EventsTable events={events} now={now} />}
        {view.tab === 'logs' && (
          <LogViewer context={context} pod={pod} view={view} preferred={diagnosed?.summary.container} onChange={(p) => setView(p)} />
        )}
        {view.tab === 'shell' && (
          <div className="space-y-3">
            <Shell context={context} pod={pod} container={view.container} onContainer={(c) => setView({ container: c })} />
            <Forwards context={context} namespace={namespace} name={name} now={now} />
          </div>
        )}
        {view.tab === 'yaml' && <YamlView pod={pod} />}
      </div>
      <span hidden data-testid="view-path">
        {pathname}
      </span>
    </div>
  );
}
