'use client';
// The nodes page: what each node can hold (allocatable), what its pods have asked for (requests:
// what the scheduler counts) and what they use (the Metrics API), so a Pending pod's "Insufficient
// memory" can be read against every node at once. Refreshed every 15 s, like the usage it shows.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { z } from 'zod';
import type { NodeRow, NodesResponse } from '@/lib/api/nodes';
import { api } from '@/lib/api/paths';
import { fmtCpu, fmtMem } from '@/lib/k8s/quantity';
import { ApiError, apiRequest } from '../data/api-client';

const nodesResponse = z.looseObject({ nodes: z.array(z.looseObject({ name: z.string() })) }) as unknown as z.ZodType<NodesResponse>;

function Bar({
  requested,
  used,
  total,
  fmt,
  testId,
}: {
  requested: number;
  used?: number;
  total: number;
  fmt: (n: number) => string;
  testId: string;
}) {
  const pct = (n: number) => (total ? Math.min(100, (n / total) * 100) : 0);
  const reqPct = Math.round(pct(requested));
  const title = `allocatable ${fmt(total)}; requested ${fmt(requested)} (${reqPct} %)${used !== undefined ? `; used ${fmt(used)} (${Math.round(pct(used))} %)` : '; usage unknown'}; free to request ${fmt(Math.max(0, total - requested))}`;
  return (
    <div className="w-full" title={title} data-testid={testId}>
      <div className="relative h-2 w-full rounded bg-slate-200">
        <div
          className={`absolute left-0 top-0 h-2 rounded ${reqPct >= 90 ? 'bg-amber-500' : 'bg-slate-400'}`}
          style={{ width: `${pct(requested)}%` }}
        />
        {used !== undefined && (
          <div
            className={`absolute left-0 top-0.5 h-1 rounded ${pct(used) >= 85 ? 'bg-red-600' : 'bg-blue-600'}`}
            style={{ width: `${pct(used)}%` }}
          />
        )}
      </div>
      <div className="mono mt-0.5 truncate text-[11px] text-slate-600">
        req {fmt(requested)}/{fmt(total)} · used {used !== undefined ? fmt(used) : '–'}
      </div>
    </div>
  );
}

function status(n: NodeRow): { text: string; tone: string } {
  const parts = [n.ready === 'True' ? 'Ready' : n.ready === 'False' ? 'NotReady' : 'Unknown'];
  if (n.unschedulable) parts.push('SchedulingDisabled');
  for (const p of n.pressure) parts.push(p.type);
  const bad = n.ready !== 'True' || n.pressure.length > 0;
  return { text: parts.join(','), tone: bad ? 'text-red-700 font-semibold' : n.unschedulable ? 'text-amber-700' : 'text-green-700' };
}

export function NodesPage({ context }: { context: string }) {
  const params = useSearchParams();
  const focus = params.get('node') ?? '';
  const q = useQuery<NodesResponse, ApiError>({
    queryKey: ['nodes', context],
    queryFn: () => apiRequest(api.nodes(context), nodesResponse),
    refetchInterval: 15_000,
    placeholderData: (prev) => prev,
    retry: 1,
  });
  useEffect(() => {
    if (focus && q.data) document.querySelector(`[data-node="${CSS.escape(focus)}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus, q.data]);
  const podsHref = (node: string) => `/c/${encodeURIComponent(context)}/pods?node=${encodeURIComponent(node)}`;
  return (
    <div className="p-4">
      <div className="mb-2 flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Nodes</h1>
        {q.data && (
          <span className="text-sm text-slate-500" data-testid="nodes-count">
            {q.data.nodes.length} nodes
          </span>
        )}
        {q.data && q.data.usage.phase !== 'live' && (
          <span className="truncate text-sm text-amber-700" data-testid="usage-state" title={q.data.usage.message}>
            usage {q.data.usage.phase}
            {q.data.usage.message ? `: ${q.data.usage.message}` : ''}
          </span>
        )}
        {q.error && (
          <span className="text-sm text-red-700" data-testid="nodes-error">
            {q.error.text}
            {q.data ? ' (showing the last answer)' : ''}
          </span>
        )}
      </div>
      {q.isPending && <p className="text-slate-500">Loading nodes…</p>}
      {q.data && (
        <table className="w-full table-fixed border-collapse text-sm" data-testid="nodes-table">
          <thead>
            <tr className="mono border-b border-slate-300 bg-slate-100 text-left text-xs text-slate-600">
              <th className="w-48 px-2 py-1.5">NODE</th>
              <th className="w-44 px-2">STATUS</th>
              <th className="w-24 px-2">ZONE</th>
              <th className="w-20 px-2">PODS</th>
              <th className="w-56 px-2">CPU</th>
              <th className="w-56 px-2">MEMORY</th>
              <th className="px-2">TAINTS</th>
              <th className="w-32 px-2">NOT READY</th>
            </tr>
          </thead>
          <tbody>
            {q.data.nodes.map((n) => {
              const s = status(n);
              return (
                <tr
                  key={n.name}
                  data-testid="node-row"
                  data-node={n.name}
                  className={`border-b border-slate-100 align-top ${n.name === focus ? 'bg-blue-50' : ''}`}
                >
                  <td className="mono truncate px-2 py-1.5 font-medium" title={n.name}>
                    <Link href={podsHref(n.name)} className="text-blue-700 hover:underline">
                      {n.name}
                    </Link>
                  </td>
                  <td
                    className={`truncate px-2 py-1.5 ${s.tone}`}
                    title={n.pressure.map((p) => `${p.type}: ${p.message ?? ''}`).join('\n') || s.text}
                    data-col="status"
                  >
                    {s.text}
                  </td>
                  <td className="truncate px-2 py-1.5" title={n.zone}>
                    {n.zone ?? ''}
                  </td>
                  <td className="truncate px-2 py-1.5" title={`${n.pods} of ${n.allocatable.pods} pods`}>
                    {n.pods}/{n.allocatable.pods}
                  </td>
                  <td className="px-2 py-1.5">
                    <Bar requested={n.requested.cpu} used={n.used?.cpu} total={n.allocatable.cpu} fmt={fmtCpu} testId="node-cpu" />
                  </td>
                  <td className="px-2 py-1.5">
                    <Bar
                      requested={n.requested.memory}
                      used={n.used?.memory}
                      total={n.allocatable.memory}
                      fmt={fmtMem}
                      testId="node-memory"
                    />
                  </td>
                  <td className="mono truncate px-2 py-1.5 text-xs" title={n.taints.join('\n')}>
                    {n.taints.join(', ')}
                  </td>
                  <td className="truncate px-2 py-1.5 text-xs" title={n.troubled.join('\n')}>
                    {n.troubled.length ? (
                      <Link href={podsHref(n.name)} className="text-red-700 hover:underline">
                        {n.troubled.length} pod{n.troubled.length === 1 ? '' : 's'}
                      </Link>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
