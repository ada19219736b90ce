'use client';
// A snapshot's debug page: the pod page's sections, frozen at the moment it was taken and
// read-only. Times ("5m ago") are relative to the snapshot, not to now. Export as Markdown/JSON.
import Link from 'next/link';
import { useSearchParams, useRouter } from 'next/navigation';
import { podColumns, readyCell, restartsCell } from '@/lib/k8s/pod-status';
import { since } from '@/lib/k8s/duration';
import { SNAPSHOT_TABS, type Tab } from '@/lib/links';
import type { SnapshotBundle } from '@/lib/snapshot/types';
import { Findings } from '../diagnosis/DiagnosisPanel';
import { lastStateOf } from '../pod/record';
import { Containers } from '../pod/Containers';
import { EventsTable } from '../pod/EventsTable';
import { Conditions, Volumes } from '../pod/Sections';
import { YamlView } from '../pod/YamlView';
import { statusTone } from '../pods/status-tone';
import { Timeline } from '../timeline/Timeline';

const when = (t: number) => new Date(t).toLocaleString([], { hour12: false });

function Logs({ bundle }: { bundle: SnapshotBundle }) {
  return (
    <div className="space-y-4" data-testid="snapshot-logs">
      {bundle.logs.map((l) => (
        <div key={l.container}>
          {(
            [
              ['current', l.current, l.currentNote],
              ['previous', l.previous, l.previousNote],
            ] as const
          ).map(
            ([which, lines, note]) =>
              (lines || note) && (
                <section key={which} className="mb-3" data-testid={`snapshot-log-${l.container}-${which}`}>
                  <h3 className="text-sm font-semibold text-slate-600">
                    {l.container}{' '}
                    <span className="font-normal">
                      ({which}
                      {lines ? `, last ${lines.length} lines` : ''})
                    </span>
                  </h3>
                  {lines ? (
                    <pre className="mono max-h-96 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
                      {lines.join('\n') || '(empty)'}
                    </pre>
                  ) : (
                    <p className="text-sm text-slate-500">{note}</p>
                  )}
                </section>
              ),
          )}
        </div>
      ))}
    </div>
  );
}

export function SnapshotPage({ bundle: b }: { bundle: SnapshotBundle }) {
  const params = useSearchParams();
  const router = useRouter();
  const tabParam = params.get('tab');
  const tab: Tab = tabParam && (SNAPSHOT_TABS as readonly string[]).includes(tabParam) ? (tabParam as Tab) : 'overview';
  const at = b.deletedAt ?? b.createdAt;
  const cols = podColumns(b.pod);
  const live = `/c/${encodeURIComponent(b.context)}/pods/${b.namespace}/${b.name}`;
  return (
    <div data-testid="snapshot">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
        <span className="rounded bg-violet-100 px-2 py-0.5 text-xs font-semibold text-violet-800">snapshot</span>
        <h1 className="mono text-lg font-semibold" data-testid="pod-title">
          {b.namespace}/{b.name}
        </h1>
        <span className="text-sm text-slate-600" data-testid="snapshot-taken">
          taken {when(b.createdAt)} on {b.context} · read-only
        </span>
        <div className="ml-auto flex items-center gap-2 text-xs">
          <a
            className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100"
            href={`/api/snapshots/${b.id}?format=markdown`}
            data-testid="export-markdown"
          >
            Markdown
          </a>
          <a
            className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100"
            href={`/api/snapshots/${b.id}?format=json`}
            data-testid="export-json"
          >
            JSON
          </a>
          <Link className="text-blue-700 hover:underline" href={live}>
            live pod page →
          </Link>
        </div>
      </div>
      {b.deletedAt !== undefined && (
        <div className="bg-red-50 px-4 py-2 text-sm text-red-800" data-testid="pod-deleted">
          The pod had been deleted {since(new Date(b.deletedAt).toISOString(), b.createdAt)} before this snapshot (at {when(b.deletedAt)});
          last state: {lastStateOf(b.pod)}.
        </div>
      )}
      <div className="flex flex-wrap gap-x-6 gap-y-1 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <span>
          status{' '}
          <b className={statusTone(cols.status)} data-testid="pod-status">
            {b.deletedAt ? 'Deleted' : cols.status}
          </b>
        </span>
        <span>
          ready <b>{readyCell(cols)}</b>
        </span>
        <span>
          restarts <b data-testid="pod-restarts">{restartsCell(cols, at)}</b>
        </span>
        <span>
          node <b className="mono">{b.pod.spec?.nodeName ?? '<none>'}</b>
          {b.node && (
            <span className="text-slate-500">
              {' '}
              (Ready={b.node.ready ?? '?'}
              {b.node.taints.length ? `, ${b.node.taints.join(', ')}` : ''})
            </span>
          )}
        </span>
        <span data-testid="snapshot-owners">
          owners{' '}
          <b className="mono">{b.owners.map((o) => `${o.kind}/${o.name}${o.status ? ` (${o.status})` : ''}`).join(' → ') || 'none'}</b>
        </span>
      </div>
      <Findings diagnosis={b.diagnosis} />
      <nav className="mt-3 flex gap-1 border-b border-slate-200 bg-white px-4" role="tablist">
        {SNAPSHOT_TABS.map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            data-testid={`tab-${t}`}
            onClick={() => router.replace(`/s/${b.id}${t === 'overview' ? '' : `?tab=${t}`}`, { scroll: false })}
            className={`px-3 py-2 text-sm capitalize ${tab === t ? 'border-b-2 border-blue-600 font-semibold text-blue-700' : 'text-slate-600 hover:text-slate-900'}`}
          >
            {t}
            {t === 'events' ? ` (${b.events.length})` : ''}
          </button>
        ))}
      </nav>
      <div className="p-4">
        {tab === 'overview' && (
          <div className="space-y-4">
            <Containers pod={b.pod} now={at} />
            <Conditions pod={b.pod} now={at} />
            <Volumes pod={b.pod} />
          </div>
        )}
        {tab === 'timeline' && <Timeline pod={b.pod} events={b.events} transitions={b.transitions} now={at} onWindow={() => {}} />}
        {tab === 'events' && <EventsTable events={b.events} now={b.createdAt} />}
        {tab === 'logs' && <Logs bundle={b} />}
        {tab === 'yaml' && <YamlView pod={b.pod} />}
      </div>
    </div>
  );
}
