import 'server-only';
// A pod's container log as Server-Sent Events. The API server is always asked for timestamps,
// so that when its stream drops Podscope reconnects with sinceTime and the cursor (lib/logs/cursor)
// skips what was already sent. Each SSE message carries the cursor as its id, so a browser that
// reconnects (Last-Event-ID) resumes the same way.
import type { V1Pod } from '@kubernetes/client-node';
import { decodeCursor, encodeCursor, type LogLine, LogResumer, parseLogLine } from '@/lib/logs/cursor';
import { AppError, toAppError } from '../errors';
import type { Identity } from '../auth/identity';
import { kubeConfigFor } from '../kube/clusters';
import { kubeFetch, kubeGet, upstreamError } from '../kube/request';
import { SSE_HEADERS, SSE_RETRY, sseFrame } from '../http/sse';
import { log } from '../log';
import { metrics } from '../metrics';
import { acquireLiveness, type LivenessState } from '../watch/liveness';
import { containerStatuses, hasContainer, statusesByName } from '@/lib/k8s/containers';
import { backoffDelay } from '@/lib/backoff';
import { podPath } from '@/lib/k8s/resources';

export interface LogRequest {
  identity: Identity;
  context: string;
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  follow: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  resumeFrom?: string | null;
}

const BATCH_MS = 50;
/** a dropped log stream is resumed after 0.5-1 s, doubling to at most 10 s */
const RECONNECT = { minMs: 1000, maxMs: 10_000 };
const MAX_BATCH = 2000;

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
        let attempt = 0;
        let first = true;
        // a followed log on an API server that stops answering hangs without an error: the
        // cluster's liveness probe ends the hung read, says why, and the loop resumes from the
        // cursor once the API server answers again (no line lost or repeated)
        let readAbort = new AbortController();
        let wakeUp: (() => void) | undefined;
        const probe = req.follow && !req.previous ? acquireLiveness(req.context, req.identity, kc) : undefined;
        const onLiveness = (l: LivenessState) => {
          if (!l.up) {
            send('state', { phase: 'reconnecting', message: l.reason, since: l.lastOkAt });
            readAbort.abort();
          }
          wakeUp?.();
        };
        const unlisten = probe?.liveness.onChange(onLiveness);
        signal.addEventListener('abort', () => wakeUp?.(), { once: true });
        try {
          while (!signal.aborted) {
            if (probe && !probe.liveness.state.up) {
              await new Promise<void>((r) => (wakeUp = r));
              wakeUp = undefined;
              continue;
            }
            readAbort = new AbortController();
            const q = new URLSearchParams({ container: req.container, timestamps: 'true' });
            if (req.previous) q.set('previous', 'true');
            if (req.follow && !req.previous) q.set('follow', 'true');
            if (resumer.cursor) q.set('sinceTime', resumer.cursor.ts);
            else {
              if (req.tailLines !== undefined) q.set('tailLines', String(req.tailLines));
              if (req.sinceSeconds !== undefined) q.set('sinceSeconds', String(req.sinceSeconds));
            }
            let res;
            try {
              res = await kubeFetch(kc, `${podPath(req.namespace, req.pod, 'log')}?${q}`, {
                signal: AbortSignal.any([signal, readAbort.signal]),
              });
            } catch (err) {
              if (signal.aborted) break;
              if (readAbort.signal.aborted) continue; // the cluster stopped answering (said above)
              if (!req.follow) throw err;
              attempt++;
              send('state', { phase: 'reconnecting', message: toAppError(err).message, since: Date.now() });
              await new Promise((r) => setTimeout(r, backoffDelay(attempt, RECONNECT)));
              continue;
            }
            if (res.status >= 300) {
              const e = upstreamError(res.status, await res.text());
              if (req.follow && e.kind === 'unavailable' && !signal.aborted) {
                attempt++;
                send('state', { phase: 'reconnecting', message: e.message, since: Date.now() });
                await new Promise((r) => setTimeout(r, backoffDelay(attempt, RECONNECT)));
                continue;
              }
              send('unavailable', { kind: e.kind, message: `logs unavailable: ${e.message}` });
              break;
            }
            attempt = 0;
            resumer.reconnect();
            send('state', { phase: req.follow && !req.previous ? 'live' : 'loading', since: Date.now(), resumed: !first });
            first = false;
            const reader = res.body!.getReader();
            const dec = new TextDecoder();
            let buf = '';
            let batch: LogLine[] = [];
            let timer: NodeJS.Timeout | undefined;
            let clean = false;
            const flush = () => {
              timer = undefined;
              if (batch.length === 0) return;
              const out = resumer.accept(batch);
              batch = [];
              if (out.length) send('lines', out, resumer.cursor ? encodeCursor(resumer.cursor) : undefined);
            };
            try {
              for (;;) {
                const { value, done } = await reader.read();
                if (done) {
                  clean = true;
                  break;
                }
                buf += dec.decode(value, { stream: true });
                let nl: number;
                while ((nl = buf.indexOf('\n')) >= 0) {
                  batch.push(parseLogLine(buf.slice(0, nl)));
                  buf = buf.slice(nl + 1);
                }
                if (batch.length >= MAX_BATCH) flush();
                else if (!timer) timer = setTimeout(flush, BATCH_MS);
              }
            } catch (err) {
              if (!signal.aborted && !readAbort.signal.aborted)
                log.info('log stream dropped; resuming', { pod: req.pod, container: req.container, error: (err as Error).message });
            }
            if (timer) clearTimeout(timer);
            // an unterminated last line is complete only at the clean end of a non-follow read; after a
            // drop it is a fragment, which the resumed stream delivers whole
            if (buf && clean && (!req.follow || req.previous)) batch.push(parseLogLine(buf));
            flush();
            if (!clean && (!req.follow || req.previous) && !signal.aborted) {
              send('unavailable', { kind: 'unavailable', message: 'the log stream was cut off before its end; reload to read it again' });
              break;
            }
            if (!req.follow || req.previous || signal.aborted) break;
            if (readAbort.signal.aborted) continue; // the liveness probe ended the read: wait for the cluster
            // The API server ended a followed stream: the container stopped, or the connection
            // dropped. A stopped container has nothing more to say; otherwise resume from the cursor.
            if (clean) {
              const now = await kubeGet<V1Pod>(kc, podPath(req.namespace, req.pod)).catch(() => undefined);
              const st = statusesByName(now).get(req.container);
              if (now && !st?.state?.running) {
                send('state', { phase: 'ended', message: 'the container is not running', since: Date.now() });
                break;
              }
            }
            send('state', { phase: 'reconnecting', message: 'the log stream ended; resuming', since: Date.now() });
            await new Promise((r) => setTimeout(r, 1000));
          }
        } finally {
          unlisten?.();
          probe?.release();
        }
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
