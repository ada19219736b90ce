'use client';
// The pod page's usage tab: per container, memory and CPU against its request and limit over
// the last hour (the flight recorder's samples, then the poller's newest), with the container's
// ends (OOM kills, exits) on the same time axis; the trend where memory climbs.
import type { V1Pod } from '@kubernetes/client-node';
import { useMemo } from 'react';
import { podContainers } from '@/lib/k8s/containers';
import { fmtDuration } from '@/lib/k8s/duration';
import { fmtCpu, fmtMem } from '@/lib/k8s/quantity';
import { timeMs } from '@/lib/k8s/time';
import type { Transition } from '@/lib/timeline/transitions';
import { containerResources, currentRun, memoryOutlook, sizing, type UsagePoint } from '@/lib/usage/usage';
import { usePodUsage } from '../data/usage-hooks';

const W = 760;
const H = 120;
const PAD = { l: 56, r: 8, t: 8, b: 18 };

interface Marker {
  at: number;
  label: string;
}

/** When each container ended a run: recorded transitions to terminated, and its last termination. */
function endsOf(pod: V1Pod, transitions: Transition[], container: string): Marker[] {
  const out: Marker[] = [];
  for (const t of transitions)
    if (t.kind === 'container' && t.subject === container && t.to.startsWith('terminated'))
      out.push({ at: t.at, label: t.to.replace(/^terminated: /, '') });
  const c = podContainers(pod).find((x) => x.name === container);
  const last = c?.status?.lastState?.terminated;
  const at = timeMs(last?.finishedAt);
  if (last && at !== undefined && !out.some((m) => Math.abs(m.at - at) < 15_000))
    out.push({ at, label: `${last.reason ?? 'exit'} (exit ${last.exitCode})` });
  return out.sort((a, b) => a.at - b.at);
}

function Chart({
  points,
  value,
  request,
  limit,
  fmt,
  from,
  to,
  markers,
  testId,
}: {
  points: UsagePoint[];
  value: (p: UsagePoint) => number;
  request: number;
  limit: number;
  fmt: (n: number) => string;
  from: number;
  to: number;
  markers: Marker[];
  testId: string;
}) {
  const max = Math.max(limit, request, ...points.map(value), 1e-9) * 1.1;
  const x = (t: number) => PAD.l + ((t - from) / Math.max(1, to - from)) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - v / max) * (H - PAD.t - PAD.b);
  // a gap in the samples (not running, Podscope stopped) breaks the line
  const segments: UsagePoint[][] = [];
  for (const p of points) {
    const seg = segments[segments.length - 1];
    if (seg && p.at - seg[seg.length - 1].at <= 60_000) seg.push(p);
    else segments.push([p]);
  }
  const time = (t: number) => new Date(t).toLocaleTimeString([], { hour12: false, hour: '2-digit', minute: '2-digit' });
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-4xl" data-testid={testId} role="img" aria-label={testId}>
      <rect x={PAD.l} y={PAD.t} width={W - PAD.l - PAD.r} height={H - PAD.t - PAD.b} className="fill-slate-50" />
      {limit > 0 && (
        <g>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(limit)} y2={y(limit)} className="stroke-red-500" strokeWidth={1} />
          <text x={PAD.l - 4} y={y(limit) + 3} textAnchor="end" className="fill-red-700 text-[10px]">
            limit {fmt(limit)}
          </text>
        </g>
      )}
      {request > 0 && (
        <g>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(request)} y2={y(request)} className="stroke-slate-400" strokeDasharray="4 3" />
          <text x={PAD.l - 4} y={y(request) + 3} textAnchor="end" className="fill-slate-500 text-[10px]">
            req {fmt(request)}
          </text>
        </g>
      )}
      {markers
        .filter((m) => m.at >= from && m.at <= to)
        .map((m) => (
          <g key={`${m.at}${m.label}`} data-testid="usage-marker">
            <line x1={x(m.at)} x2={x(m.at)} y1={PAD.t} y2={H - PAD.b} className="stroke-red-600" strokeDasharray="2 2" />
            <title>{`${m.label} at ${new Date(m.at).toLocaleTimeString([], { hour12: false })}`}</title>
          </g>
        ))}
      {segments.map((seg, i) => (
        <polyline
          key={i}
          points={seg.map((p) => `${x(p.at).toFixed(1)},${y(value(p)).toFixed(1)}`).join(' ')}
          className="fill-none stroke-blue-600"
          strokeWidth={1.5}
        />
      ))}
      <text x={PAD.l} y={H - 4} className="fill-slate-500 text-[10px]">
        {time(from)}
      </text>
      <text x={W - PAD.r} y={H - 4} textAnchor="end" className="fill-slate-500 text-[10px]">
        {time(to)}
      </text>
    </svg>
  );
}

export function Usage({ context, pod, transitions, now }: { context: string; pod: V1Pod; transitions: Transition[]; now: number }) {
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const q = usePodUsage(context, ns, name);
  const res = useMemo(() => containerResources(pod), [pod]);
  const data = q.data;
  if (q.isPending) return <p className="text-slate-500">Loading usage…</p>;
  if (q.error && !data)
    return (
      <p className="text-red-700" data-testid="usage-error">
        Cannot load usage: {q.error.text}
      </p>
    );
  if (!data) return null;
  const all = Object.values(data.containers).flat();
  const from = Math.min(now - 10 * 60_000, ...all.map((p) => p.at));
  const to = now;
  return (
    <div className="space-y-4" data-testid="usage">
      {data.state.phase !== 'live' && (
        <p className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="usage-state">
          Usage {data.state.phase}
          {data.state.message ? `: ${data.state.message}` : ''}
        </p>
      )}
      {data.history === 'prometheus' && (
        <p className="text-xs text-slate-500" data-testid="usage-source">
          History from Prometheus (the kubelets&apos; container series), the newest samples from the Metrics API.
        </p>
      )}
      {data.historyProblem && (
        <p className="rounded bg-amber-50 px-3 py-2 text-xs text-amber-800" data-testid="usage-history-problem">
          {data.historyProblem}; showing the flight recorder&apos;s samples instead.
        </p>
      )}
      {data.history === 'recent-only' && (
        <p className="text-xs text-slate-500">Only the last 10 minutes: the flight recorder is off here, so older samples were not kept.</p>
      )}
      {Object.keys(res).map((c) => {
        const points = data.containers[c] ?? [];
        const r = res[c];
        const status = podContainers(pod).find((x) => x.name === c)?.status;
        const run = currentRun(points, timeMs(status?.state?.running?.startedAt));
        const latest = status?.state?.running ? run[run.length - 1] : undefined;
        const outlook = latest ? memoryOutlook(run, r.memoryLimit) : undefined;
        const markers = endsOf(pod, transitions, c);
        const sizes = sizing(points, r);
        return (
          <section key={c} className="rounded border border-slate-200 bg-white p-3" data-testid="usage-container" data-container={c}>
            <h3 className="mono text-sm font-semibold">{c}</h3>
            <p className="mt-1 text-xs text-slate-600" data-testid="usage-now">
              {latest
                ? `memory ${fmtMem(latest.memory)}${r.memoryLimit ? ` of ${fmtMem(r.memoryLimit)} (${Math.round((latest.memory / r.memoryLimit) * 100)} %)` : ''} · CPU ${fmtCpu(latest.cpu)}${r.cpuLimit ? ` of ${fmtCpu(r.cpuLimit)}` : r.cpuRequest ? ` (request ${fmtCpu(r.cpuRequest)})` : ''}`
                : 'not running now: no current sample'}
              {outlook?.slope !== undefined && outlook.slope * 60 >= 2 ** 20
                ? ` · memory +${fmtMem(outlook.slope * 60)}/min${outlook.secondsToLimit !== undefined ? `, at the limit in about ${fmtDuration(outlook.secondsToLimit * 1000)}` : ''}`
                : ''}
            </p>
            {data.throttled?.[c]?.length ? (
              <p className="mt-1 text-xs text-slate-600" data-testid="usage-throttled">
                CPU throttled in {Math.round((data.throttled[c].at(-1)![1] ?? 0) * 100)} % of CFS periods now (peak{' '}
                {Math.round(Math.max(...data.throttled[c].map(([, v]) => v)) * 100)} % in this window, from Prometheus)
              </p>
            ) : null}
            {points.length === 0 ? (
              <p className="mt-2 text-xs text-slate-500">
                No samples yet (the Metrics API reports a container about 15 s after it starts).
              </p>
            ) : (
              <div className="mt-2 space-y-1">
                <div className="text-xs text-slate-500">memory (working set)</div>
                <Chart
                  points={points}
                  value={(p) => p.memory}
                  request={r.memoryRequest}
                  limit={r.memoryLimit}
                  fmt={fmtMem}
                  from={from}
                  to={to}
                  markers={markers}
                  testId="usage-memory"
                />
                <div className="text-xs text-slate-500">CPU</div>
                <Chart
                  points={points}
                  value={(p) => p.cpu}
                  request={r.cpuRequest}
                  limit={r.cpuLimit}
                  fmt={fmtCpu}
                  from={from}
                  to={to}
                  markers={markers}
                  testId="usage-cpu"
                />
              </div>
            )}
            {sizes.length > 0 && (
              <ul className="mt-2 space-y-0.5 text-xs text-slate-700" data-testid="usage-sizing">
                {sizes.map((z) => {
                  const f = z.resource === 'cpu' ? fmtCpu : fmtMem;
                  return (
                    <li key={z.resource}>
                      {z.direction === 'over' ? 'Asks for far more than it uses' : 'Uses far more than it asks for'}: {z.resource} request{' '}
                      {f(z.request)}, p95 {f(z.p95)}, peak {f(z.peak)} over {fmtDuration(z.spanSeconds * 1000)} ({z.samples} samples) →
                      request <b className="mono">{f(z.suggested)}</b>
                      {z.spanSeconds < 3600 ? ' (a short window: check a day or a weekly peak before you change it)' : ''}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
