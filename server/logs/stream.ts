import 'server-only';
// A pod's container log as Server-Sent Events, read by server/logs/read.ts (which resumes a
// dropped API server stream from its cursor). Each SSE message carries the cursor as its id, so a
// browser that reconnects (Last-Event-ID) resumes the same way: nothing lost, nothing twice.
import type { V1Pod } from '@kubernetes/client-node';
import { containerStatuses, hasContainer } from '@/lib/k8s/containers';
import { podPath } from '@/lib/k8s/resources';
import { decodeCursor, encodeCursor, LogResumer } from '@/lib/logs/cursor';
import { AppError, toAppError } from '../errors';
import { SSE_HEADERS, SSE_RETRY, sseFrame } from '../http/sse';
import { kubeConfigFor } from '../kube/clusters';
import { kubeGet } from '../kube/request';
import { metrics } from '../metrics';
import { type LogTarget, readContainerLog } from './read';

/** What the route asks for: a LogTarget without the client (made here), plus where to resume. */
export type LogRequest = Omit<LogTarget, 'kc'> & { resumeFrom?: string | null };

function unavailableReason(pod: V1Pod, container: string, previous: boolean): AppError | undefined {
  const all = containerStatuses(pod);
  if (!hasContainer(pod, container)) return new AppError('not-found', `pod ${pod.metadata?.name} has no container named "${container}"`);
  const st = all.find((s) => s.name === container);
  if (previous && !st?.lastState?.terminated) {
    return new AppError(
      'not-found',
      `container "${container}" has not restarted, so there is no previous container to show logs for`,
      'the current logs are what this container has written so far',
    );
  }
  if (!previous && st?.state?.waiting && !st.lastState?.terminated && !st.state.running) {
    return new AppError(
      'not-found',
      `container "${container}" has not started yet (${st.state.waiting.reason ?? 'waiting'}): it has no logs`,
      st.state.waiting.message,
    );
  }
  if (!pod.spec?.nodeName) return new AppError('not-found', 'the pod is not scheduled on a node yet, so it has no logs');
  return undefined;
}

export function logStream(req: LogRequest, signal: AbortSignal): Response {
  const resumer = new LogResumer(decodeCursor(req.resumeFrom));
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      metrics.logStreams.inc();
      controller.enqueue(SSE_RETRY);
      const send = (event: string, data: unknown, id?: string) => {
        try {
          controller.enqueue(sseFrame(data, { event, id }));
        } catch {
          /* closed */
        }
      };
      const close = () => {
        try {
          controller.close();
        } catch {
          /* closed */
        }
      };
      try {
        const kc = kubeConfigFor(req.context, req.identity);
        const pod = await kubeGet<V1Pod>(kc, podPath(req.namespace, req.pod));
        const why = unavailableReason(pod, req.container, req.previous);
        if (why) {
          send('unavailable', { kind: why.kind, message: why.message, hint: why.hint });
          close();
          return;
        }
        const ended = await readContainerLog(
          { ...req, kc },
          resumer,
          {
            lines: (out) => send('lines', out, resumer.cursor ? encodeCursor(resumer.cursor) : undefined),
            state: (s) => send('state', s),
          },
          signal,
        );
        if (ended.end === 'error') send('unavailable', { kind: ended.kind, message: ended.message, hint: ended.hint });
        if (ended.end === 'stopped') send('state', { phase: 'ended', message: 'the container is not running', since: Date.now() });
        send('end', { cursor: resumer.cursor ? encodeCursor(resumer.cursor) : null });
      } catch (err) {
        const e = toAppError(err);
        send('unavailable', { kind: e.kind, message: e.message, hint: e.hint });
      } finally {
        metrics.logStreams.dec();
        close();
      }
    },
  });
  return new Response(stream, {
    headers: SSE_HEADERS,
  });
}
