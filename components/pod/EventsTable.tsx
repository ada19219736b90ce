'use client';
import type { PodEvent } from '@/lib/events/normalize';
import { since } from '@/lib/k8s/duration';

export function EventsTable({ events, now, subject = 'this pod' }: { events: PodEvent[]; now: number; subject?: string }) {
  if (events.length === 0)
    return (
      <div className="text-sm text-slate-500" data-testid="no-events">
        No events for {subject} (events expire after about an hour).
      </div>
    );
  return (
    <table className="w-full rounded border border-slate-200 bg-white text-xs" data-testid="events-table">
      <thead>
        <tr className="bg-slate-50 text-left text-slate-500">
          <th className="p-1.5">type</th>
          <th>reason</th>
          <th>message</th>
          <th>count</th>
          <th>first seen</th>
          <th>last seen</th>
          <th>from</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.uid} className="border-t border-slate-100 align-top" data-testid="event-row" data-reason={e.reason}>
            <td className={`p-1.5 ${e.type === 'Warning' ? 'font-semibold text-red-700' : 'text-slate-600'}`}>{e.type}</td>
            <td className="font-medium">
              {e.reason}
              {subject !== 'this pod' && e.involved.kind ? (
                <div className="font-normal text-slate-500">{`${e.involved.kind}/${e.involved.name}`}</div>
              ) : null}
            </td>
            <td className="mono max-w-3xl whitespace-pre-wrap break-words">{e.message}</td>
            <td>{e.count}</td>
            <td title={e.firstSeen}>{e.firstSeen ? `${since(e.firstSeen, now)} ago` : ''}</td>
            <td title={e.lastSeen}>{e.lastSeen ? `${since(e.lastSeen, now)} ago` : ''}</td>
            <td className="text-slate-500">
              {e.source}
              {e.involved.fieldPath ? ` ${e.involved.fieldPath}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
