// Readiness: at least one configured cluster is reachable.
import { clusterInfo } from '@/server/kube/info';
import { listContexts } from '@/server/kube/clusters';
import { startBackgroundRecorder } from '@/server/history/background';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(): Promise<Response> {
  const reg = listContexts();
  startBackgroundRecorder(); // the first probe (or page) starts the flight recorder
  if (reg.contexts.length === 0) return new Response(`not ready: ${reg.problem}\n`, { status: 503 });
  const infos = await Promise.all(reg.contexts.map((c) => clusterInfo(c.name, 2000)));
  const lines = infos.map((i) => `${i.reachable ? 'ok  ' : 'down'} ${i.context}${i.error ? `: ${i.error.message}` : ''}`);
  const ready = infos.some((i) => i.reachable);
  return new Response(`${ready ? 'ready' : 'not ready: no cluster reachable'}\n${lines.join('\n')}\n`, { status: ready ? 200 : 503, headers: { 'Content-Type': 'text/plain' } });
}
