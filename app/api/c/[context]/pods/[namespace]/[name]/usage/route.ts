// GET .../usage?since=: a pod's CPU and memory per container, oldest first: what the flight
// recorder kept (or Prometheus, with PODSCOPE_PROMETHEUS_URL; from `since`, default the last hour)
// and the poller's newest samples, for the
// pod page's usage chart. Served only to whoever may get pods there.
import { podUsageQuery, type PodUsageHistory, USAGE_HISTORY_DEFAULT_MS } from '@/lib/api/usage';
import type { UsagePoint } from '@/lib/usage/usage';
import { assertCanReadPods } from '@/server/auth/access';
import { requestIdentity } from '@/server/auth/identity';
import { podRoute } from '@/server/http/pod-route';
import { validated } from '@/server/http/validate';
import { recorderStatus, storedUsage } from '@/server/recorder/store';
import { withUsage } from '@/server/usage/poller';
import { prometheusHistory, type PrometheusHistory } from '@/server/usage/prometheus';
import { config } from '@/server/config';
import { toAppError } from '@/server/errors';

export const dynamic = 'force-dynamic';

export const GET = podRoute('pod-usage', async (request, p) => {
  const id = requestIdentity(request, p.context);
  await assertCanReadPods(p.context, id, p.namespace);
  const q = validated(podUsageQuery, Object.fromEntries(new URL(request.url).searchParams));
  const key = `${p.namespace}/${p.name}`;
  const since = q.since ?? Date.now() - USAGE_HISTORY_DEFAULT_MS;
  const { state, recent, forbidden } = await withUsage({ context: p.context, identity: id, namespace: p.namespace }, (poller) => ({
    state: poller.currentState(),
    recent: poller.recent(key),
    forbidden: poller.forbidden,
  }));
  // (the recorder and Prometheus are shared by everyone watching: only an identity the Metrics API
  // answers here gets their history)
  const prom = config().PODSCOPE_PROMETHEUS_URL;
  let fromPrometheus: PrometheusHistory | undefined;
  let historyProblem: string | undefined;
  if (prom && !forbidden)
    try {
      fromPrometheus = await prometheusHistory(prom, p.namespace, p.name, since);
    } catch (err) {
      historyProblem = toAppError(err).message;
    }
  const recorded = forbidden ? {} : (fromPrometheus?.containers ?? (await storedUsage(p.context, key, since)));
  const containers: Record<string, UsagePoint[]> = {};
  for (const [c, pts] of Object.entries(recorded)) containers[c] = pts;
  for (const [c, pts] of Object.entries(recent ?? {})) {
    const have = new Set((containers[c] ?? []).map((x) => x.at));
    // (Prometheus's points sit on its own steps: only the poller's samples after its last one are added)
    const after = fromPrometheus ? Math.max(since, ...(containers[c] ?? []).map((x) => x.at + 1)) : since;
    containers[c] = [...(containers[c] ?? []), ...pts.filter((x) => x.at >= after && !have.has(x.at))].sort((a, b) => a.at - b.at);
  }
  const body: PodUsageHistory = {
    state,
    containers,
    history: fromPrometheus ? 'prometheus' : recorderStatus().recording ? 'recorded' : 'recent-only',
    ...(fromPrometheus ? { throttled: fromPrometheus.throttled } : {}),
    ...(historyProblem ? { historyProblem } : {}),
  };
  return Response.json(body, { headers: { 'Cache-Control': 'private, no-store' } });
});
