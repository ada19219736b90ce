// Readiness: at least one configured cluster is reachable. Answered for any Host (the kubelet
// probes the pod's IP), so it says only ready or not and how many clusters answer; which
// cluster failed and why goes to the server log.
import { clusterInfo } from '@/server/kube/info';
import { listContexts } from '@/server/kube/clusters';
import { log } from '@/server/log';
import { draining } from '@/server/shutdown';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

let lastReport = '';

export async function GET(): Promise<Response> {
  const reg = listContexts();
  const text = (status: number, body: string) =>
    new Response(body, { status, headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } });
  // shutting down: route no new traffic here
  if (draining()) return text(503, 'not ready: shutting down\n');
  if (reg.contexts.length === 0) {
    if (lastReport !== 'none') {
      lastReport = 'none';
      log.warn('not ready: no cluster configured', { problem: reg.problem });
    }
    return text(503, 'not ready: no cluster configured\n');
  }
  const infos = await Promise.all(reg.contexts.map((c) => clusterInfo(c.name, 2000)));
  const up = infos.filter((i) => i.reachable).length;
  const report = infos.map((i) => `${i.context}:${i.reachable ? 'ok' : i.error?.message}`).join('|');
  if (report !== lastReport) {
    lastReport = report;
    for (const i of infos) if (!i.reachable) log.warn('cluster unreachable', { context: i.context, error: i.error?.message });
  }
  return up > 0
    ? text(200, `ready: ${up} of ${infos.length} clusters reachable\n`)
    : text(503, `not ready: none of ${infos.length} clusters reachable\n`);
}
