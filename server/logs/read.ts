import 'server-only';
// Reading one container's log from the API server, for as long as it is asked to: always with
// timestamps, so that when the API server's stream drops the read resumes with sinceTime and the
// resumer (lib/logs/cursor) skips what was already delivered. A followed read on an API server
// that stops answering hangs without an error: the cluster's liveness probe ends the hung read,
// says why, and the read resumes once the API server answers again. One container's log
// (server/logs/stream.ts) and a workload's merged logs (server/logs/merged.ts) both read this way.
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { LogStreamState } from '@/lib/api/pods';
import { backoffDelay } from '@/lib/backoff';
import { statusesByName } from '@/lib/k8s/containers';
import { podPath } from '@/lib/k8s/resources';
import { type LogLine, type LogResumer, parseLogLine } from '@/lib/logs/cursor';
import type { Identity } from '../auth/identity';
import { toAppError } from '../errors';
import { kubeFetch, kubeGet, upstreamError } from '../kube/request';
import { log } from '../log';
import { acquireLiveness, type LivenessState } from '../watch/liveness';

export interface LogTarget {
  kc: KubeConfig;
  context: string;
  identity: Identity;
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  follow: boolean;
  /** for the first connection only (a resumed one starts at the cursor) */
  tailLines?: number;
  sinceSeconds?: number;
}

export interface LogSink {
  /** lines as delivered (the resumer's cursor already covers them) */
  lines(lines: LogLine[]): void;
  state(s: LogStreamState): void;
}

/**
 * How a read ended: `done` (a non-followed log read to its end), `stopped` (a followed container
 * that is no longer running), `aborted` (the caller's signal), or an error the API server gave
 * (not found, forbidden, a non-followed read cut off), which the caller shows.
 */
export type ReadEnd = { end: 'done' | 'stopped' | 'aborted' } | { end: 'error'; kind: string; message: string; hint?: string };

const BATCH_MS = 50;
/** a dropped log stream is resumed after 0.5-1 s, doubling to at most 10 s */
const RECONNECT = { minMs: 1000, maxMs: 10_000 };
const MAX_BATCH = 2000;

export async function readContainerLog(t: LogTarget, resumer: LogResumer, sink: LogSink, signal: AbortSignal): Promise<ReadEnd> {
  const following = t.follow && !t.previous;
  let attempt = 0;
  let first = true;
  let readAbort = new AbortController();
  let wakeUp: (() => void) | undefined;
  const probe = following ? acquireLiveness(t.context, t.identity, t.kc) : undefined;
  const onLiveness = (l: LivenessState) => {
    if (!l.up) {
      sink.state({ phase: 'reconnecting', message: l.reason, since: l.lastOkAt });
      readAbort.abort();
    }
    wakeUp?.();
  };
  const unlisten = probe?.liveness.onChange(onLiveness);
  const onAbort = () => wakeUp?.();
  signal.addEventListener('abort', onAbort, { once: true });
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const timer = setTimeout(r, ms);
      wakeUp = () => {
        clearTimeout(timer);
        r();
      };
    }).finally(() => (wakeUp = undefined));
  try {
    while (!signal.aborted) {
      if (probe && !probe.liveness.state.up) {
        await new Promise<void>((r) => (wakeUp = r));
        wakeUp = undefined;
        continue;
      }
      readAbort = new AbortController();
      const q = new URLSearchParams({ container: t.container, timestamps: 'true' });
      if (t.previous) q.set('previous', 'true');
      if (following) q.set('follow', 'true');
      if (resumer.cursor) q.set('sinceTime', resumer.cursor.ts);
      else {
        if (t.tailLines !== undefined) q.set('tailLines', String(t.tailLines));
        if (t.sinceSeconds !== undefined) q.set('sinceSeconds', String(t.sinceSeconds));
      }
      let res;
      try {
        res = await kubeFetch(t.kc, `${podPath(t.namespace, t.pod, 'log')}?${q}`, {
          signal: AbortSignal.any([signal, readAbort.signal]),
        });
      } catch (err) {
        if (signal.aborted) break;
        if (readAbort.signal.aborted) continue; // the cluster stopped answering (said above)
        if (!t.follow) throw err;
        attempt++;
        sink.state({ phase: 'reconnecting', message: toAppError(err).message, since: Date.now() });
        await sleep(backoffDelay(attempt, RECONNECT));
        continue;
      }
      if (res.status >= 300) {
        const e = upstreamError(res.status, await res.text());
        if (t.follow && e.kind === 'unavailable' && !signal.aborted) {
          attempt++;
          sink.state({ phase: 'reconnecting', message: e.message, since: Date.now() });
          await sleep(backoffDelay(attempt, RECONNECT));
          continue;
        }
        return { end: 'error', kind: e.kind, message: `logs unavailable: ${e.message}` };
      }
      attempt = 0;
      resumer.reconnect();
      sink.state({ phase: following ? 'live' : 'loading', since: Date.now(), resumed: !first });
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
        if (out.length) sink.lines(out);
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
          log.info('log stream dropped; resuming', { pod: t.pod, container: t.container, error: (err as Error).message });
      }
      if (timer) clearTimeout(timer);
      // an unterminated last line is complete only at the clean end of a non-follow read; after a
      // drop it is a fragment, which the resumed stream delivers whole
      if (buf && clean && !following) batch.push(parseLogLine(buf));
      flush();
      if (signal.aborted) break;
      if (!following) {
        if (clean) return { end: 'done' };
        return { end: 'error', kind: 'unavailable', message: 'the log stream was cut off before its end; reload to read it again' };
      }
      if (readAbort.signal.aborted) continue; // the liveness probe ended the read: wait for the cluster
      // The API server ended a followed stream: the container stopped, or the connection
      // dropped. A stopped container has nothing more to say; otherwise resume from the cursor.
      if (clean) {
        const now = await kubeGet<V1Pod>(t.kc, podPath(t.namespace, t.pod)).catch(() => undefined);
        const st = statusesByName(now, { ephemeral: true }).get(t.container);
        if (now && !st?.state?.running) return { end: 'stopped' };
      }
      sink.state({ phase: 'reconnecting', message: 'the log stream ended; resuming', since: Date.now() });
      await sleep(1000);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    unlisten?.();
    probe?.release();
  }
  return { end: 'aborted' };
}
