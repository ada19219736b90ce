import 'server-only';
// A workload's merged logs as Server-Sent Events: every container of every pod the workload
// controls (through its ReplicaSets or Jobs), read as server/logs/read.ts reads one container
// (timestamps, resume from a cursor), and sent as one stream in timestamp order. The pods come
// from the shared watch cache, so a pod that appears joins within a second, and a deleted one
// ends with a marker. A container's earlier run (the previous container) is read before its
// current one. Each message's id carries every source's cursor, so a browser that reconnects
// (Last-Event-ID) resumes each container where it was: no line lost or repeated.
//
// Memory is bounded on both sides of Podscope: lines are held at most FLUSH_MS, and a browser
// that stops reading is cut off once MAX_QUEUED_BYTES wait for it (its EventSource reconnects
// from the cursor, so a slow reader costs a reconnect, never a line).
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { LogStreamState } from '@/lib/api/pods';
import { podContainers, statusesByName } from '@/lib/k8s/containers';
import { controllerOf } from '@/lib/k8s/owners';
import { objectPath, resourceByKind } from '@/lib/k8s/resources';
import { type LogCursor, LogResumer } from '@/lib/logs/cursor';
import { cursorPast, decodeMergedCursor, encodeMergedCursor, fullTs, type MergedWireLine } from '@/lib/logs/merged';
import { INTERMEDIATE, intermediatesOf, ownedByWorkload, type WorkloadKind } from '@/lib/pods/workload';
import type { Identity } from '../auth/identity';
import { assertMayWatch } from '../auth/watch-access';
import { AppError, toAppError } from '../errors';
import { SSE_HEADERS, SSE_RETRY, sseFrame } from '../http/sse';
import { kubeConfigFor } from '../kube/clusters';
import { kubeGet } from '../kube/request';
import { metrics } from '../metrics';
import { acquire } from '../watch/cache';
import type { Reflector } from '../watch/reflector';
import { type LogTarget, readContainerLog } from './read';

export interface MergedLogRequest {
  identity: Identity;
  context: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  /** lines of each container's log to start with (a resumed source starts at its cursor) */
  tailLines: number;
  resumeFrom?: string | null;
}

/** containers followed at once; the rest are named in the sources message, not read */
export const MAX_SOURCES = 50;
const FLUSH_MS = 100;
/** a deleted pod's containers are read this much longer, for their last lines */
const DRAIN_MS = 1500;
const RECONCILE_MS = 200;
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

interface Source {
  key: string;
  pod: string;
  uid: string;
  container: string;
  resumer: LogResumer;
  abort: AbortController;
  /** the restart count when its current run was last read (undefined: not read yet) */
  restartsRead?: number;
  phase: LogStreamState['phase'];
  message?: string;
  /** its pod left the workload: what it still reads is its last lines, and its errors are not news */
  gone?: boolean;
  /** wakes the source's loop when its pod changed */
  wake?: () => void;
}

/** A container has something to read once it has run (or runs). */
const hasRun = (st: V1ContainerStatus | undefined) => !!(st?.state?.running || st?.state?.terminated || st?.lastState?.terminated);

export function mergedLogStream(req: MergedLogRequest, signal: AbortSignal): Response {
  const cursors = decodeMergedCursor(req.resumeFrom);
  const resumed = cursors.size > 0;
  const stop = new AbortController();
  const done = AbortSignal.any([signal, stop.signal]);
  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        metrics.logStreams.inc();
        controller.enqueue(SSE_RETRY);
        let closed = false;
        const send = (event: string, data: unknown, id?: string) => {
          if (closed) return;
          try {
            controller.enqueue(sseFrame(data, { event, id }));
            // a reader that stopped reading: let it reconnect from the cursor rather than queue forever
            if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) stop.abort();
          } catch {
            closed = true;
          }
        };
        const releases: (() => void)[] = [];
        const sources = new Map<string, Source>();
        let pending: MergedWireLine[] = [];
        let flushTimer: NodeJS.Timeout | undefined;
        const flush = () => {
          flushTimer = undefined;
          if (!pending.length) return;
          const out = pending.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
          pending = [];
          const live = [...sources.values()].filter((s) => s.resumer.cursor).map((s) => [s.key, s.resumer.cursor!] as [string, LogCursor]);
          send('lines', out, encodeMergedCursor(live) || undefined);
        };
        const queue = (lines: MergedWireLine[]) => {
          pending.push(...lines);
          flushTimer ??= setTimeout(flush, FLUSH_MS);
        };
        const marker = (pod: string, text: string, at?: string) => queue([[pod, fullTs(at ?? new Date().toISOString()), text, 'marker']]);
        /** a source's own trouble, unless its pod has already left */
        const problem = (s: Source, text: string) => !s.gone && marker(s.pod, `${s.container}: ${text}`);
        // one state for the whole stream: reconnecting while any source is, live otherwise
        let lastState = '';
        const sendState = () => {
          const bad = [...sources.values()].find((s) => s.phase === 'reconnecting');
          const s: LogStreamState = bad
            ? { phase: 'reconnecting', message: `${bad.key}: ${bad.message ?? 'resuming'}`, since: Date.now() }
            : { phase: 'live', since: Date.now() };
          const sig = `${s.phase}|${s.message ?? ''}`;
          if (sig !== lastState) {
            lastState = sig;
            send('state', s);
          }
        };
        const sendSources = (skipped: number) =>
          send('sources', {
            sources: [...sources.values()].map((s) => ({ key: s.key, pod: s.pod, container: s.container, phase: s.phase })),
            skipped,
          });
        try {
          const kc = kubeConfigFor(req.context, req.identity);
          const self = resourceByKind(req.kind);
          if (!self) throw new AppError('invalid', `"${req.kind}" is not a workload kind`);
          await kubeGet(kc, objectPath(self, req.namespace, req.name)).catch((err) => {
            const e = toAppError(err);
            throw e.kind === 'not-found'
              ? new AppError('not-found', `there is no ${req.kind.toLowerCase()} named ${req.name} in namespace ${req.namespace}`)
              : e;
          });
          const via = INTERMEDIATE[req.kind];
          await assertMayWatch(req.context, req.identity, 'pods', req.namespace);
          if (via) await assertMayWatch(req.context, req.identity, via.resource, req.namespace);
          const hold = (resource: 'pods' | 'replicasets' | 'jobs') => {
            const h = acquire({ context: req.context, identity: req.identity, resource, namespace: req.namespace });
            releases.push(h.release);
            return h.reflector;
          };
          const pods = hold('pods');
          const mids: Reflector | undefined = via ? hold(via.resource) : undefined;
          await Promise.all([pods.waitForSync(), mids?.waitForSync()]);
          if (!pods.hasSynced) throw new AppError('unavailable', pods.state.message ?? 'the pods of this namespace could not be listed');

          const podOf = (s: Source) => {
            const p = pods.store.get(`${req.namespace}/${s.pod}`) as V1Pod | undefined;
            return p?.metadata?.uid === s.uid ? p : undefined;
          };
          const run = async (s: Source) => {
            const sink = {
              lines: (lines: { ts: string; text: string }[]) => queue(lines.map((l) => [s.key, fullTs(l.ts), l.text] as MergedWireLine)),
              state: (st: LogStreamState) => {
                s.phase = st.phase === 'loading' ? 'live' : st.phase;
                s.message = st.message;
                sendState();
              },
            };
            const target = (previous: boolean, follow: boolean): LogTarget => ({
              kc,
              context: req.context,
              identity: req.identity,
              namespace: req.namespace,
              pod: s.pod,
              container: s.container,
              previous,
              follow,
              tailLines: s.resumer.cursor ? undefined : req.tailLines,
            });
            const waitForChange = () => new Promise<void>((r) => (s.wake = r)).finally(() => (s.wake = undefined));
            while (!s.abort.signal.aborted) {
              const pod = podOf(s);
              const st = statusesByName(pod, { ephemeral: true }).get(s.container);
              if (!pod || !st) {
                await waitForChange();
                continue;
              }
              const restarts = st.restartCount ?? 0;
              const last = st.lastState?.terminated;
              // the run before the current one, when its lines may not all have been read: at the
              // start (unless the cursor is past its end), or when the container restarted since
              const unread =
                s.restartsRead === undefined
                  ? !!last && !cursorPast(s.resumer.cursor, last.finishedAt)
                  : restarts > s.restartsRead && !!last;
              if (unread && s.restartsRead !== undefined) {
                const lost = restarts - s.restartsRead - 1;
                marker(
                  s.pod,
                  `${s.container} restarted${last?.exitCode !== undefined ? ` (exit code ${last.exitCode}${last.reason ? `, ${last.reason}` : ''})` : ''}${lost > 0 ? `; ${lost} run${lost === 1 ? '' : 's'} in between could not be read (the kubelet keeps only the previous container's log)` : ''}`,
                  String(last?.finishedAt ?? '') || undefined,
                );
              }
              if (unread) {
                const e = await readContainerLog(target(true, false), s.resumer, sink, s.abort.signal);
                if (e.end === 'error' && e.kind !== 'not-found') problem(s, `(previous) ${e.message}`);
              }
              if (s.abort.signal.aborted) break;
              s.restartsRead = restarts;
              if (st.state?.running) {
                const e = await readContainerLog(target(false, true), s.resumer, sink, s.abort.signal);
                if (e.end === 'error') {
                  problem(s, e.message);
                  s.phase = 'ended';
                  await waitForChange();
                }
                continue; // stopped: the pod's next change says whether it runs again
              }
              if (st.state?.terminated && !unread) {
                // a finished container (a completed init container, a Job's): read it to its end once
                const e = await readContainerLog(target(false, false), s.resumer, sink, s.abort.signal);
                if (e.end === 'error' && e.kind !== 'not-found') problem(s, e.message);
              }
              s.phase = 'ended';
              sendState();
              // until it runs again (a restart, or the next Job attempt in the same pod)
              while (!s.abort.signal.aborted) {
                await waitForChange();
                const now = statusesByName(podOf(s), { ephemeral: true }).get(s.container);
                if (!podOf(s) || (now?.restartCount ?? 0) !== restarts || now?.state?.running) break;
              }
            }
          };

          let initial = true;
          let skipped = 0;
          const reconcile = () => {
            const names = mids ? intermediatesOf(req.kind, req.name, mids.store.values() as Iterable<V1Pod>) : new Set<string>();
            const members = new Map<string, V1Pod>();
            for (const o of pods.store.values()) {
              const p = o as V1Pod;
              if (p.metadata?.namespace === req.namespace && ownedByWorkload(controllerOf(p), req.kind, req.name, names))
                members.set(p.metadata.name!, p);
            }
            let changed = false;
            // sources whose pod is gone (deleted, or replaced by a pod of the same name)
            const left = new Map<string, boolean>();
            for (const s of sources.values()) {
              const p = members.get(s.pod);
              if (p?.metadata?.uid === s.uid) continue;
              sources.delete(s.key);
              s.gone = true;
              changed = true;
              setTimeout(() => s.abort.abort(), DRAIN_MS).unref?.();
              left.set(s.pod, !!p);
            }
            for (const [pod, replaced] of left) marker(pod, `pod ${pod} ${replaced ? 'was replaced' : 'was deleted'}`);
            skipped = 0;
            const newest = [...members.values()].sort((a, b) =>
              String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')),
            );
            for (const p of newest) {
              const podName = p.metadata!.name!;
              for (const c of podContainers(p, { ephemeral: true })) {
                const key = `${podName}/${c.name}`;
                const have = sources.get(key);
                if (have) {
                  have.wake?.();
                  continue;
                }
                if (!hasRun(c.status)) continue;
                if (sources.size >= MAX_SOURCES) {
                  skipped++;
                  continue;
                }
                if (!initial && ![...sources.values()].some((o) => o.pod === podName))
                  marker(podName, `pod ${podName} joined`, String(p.metadata?.creationTimestamp ?? '') || undefined);
                const s: Source = {
                  key,
                  pod: podName,
                  uid: p.metadata!.uid!,
                  container: c.name,
                  resumer: new LogResumer(cursors.get(key)),
                  abort: new AbortController(),
                  phase: 'connecting',
                };
                const onDone = () => s.abort.abort();
                done.addEventListener('abort', onDone, { once: true });
                s.abort.signal.addEventListener('abort', () => s.wake?.(), { once: true });
                sources.set(key, s);
                changed = true;
                void run(s)
                  .catch((err) => problem(s, toAppError(err).message))
                  .finally(() => {
                    done.removeEventListener('abort', onDone);
                    s.wake?.();
                  });
              }
            }
            initial = false;
            if (changed) sendSources(skipped);
            sendState();
          };
          let reconcileTimer: NodeJS.Timeout | undefined;
          /** a pod or ReplicaSet changed: reconcile once for the burst */
          const soon = () => (reconcileTimer ??= setTimeout(() => ((reconcileTimer = undefined), reconcile()), RECONCILE_MS));
          releases.push(
            pods.addListener({
              deltas: soon,
              state: (st) => {
                if (st.phase !== 'live') send('state', { phase: 'reconnecting', message: st.message ?? 'the pod watch is reconnecting' });
                else sendState();
              },
            }),
          );
          if (mids)
            releases.push(
              mids.addListener({
                deltas: soon,
                state: () => {},
              }),
            );
          releases.push(() => clearTimeout(reconcileTimer));
          send('hello', { resumed, workload: { kind: req.kind, namespace: req.namespace, name: req.name } });
          reconcile();
          if (!sources.size) sendSources(skipped);
          await new Promise<void>((r) => (done.aborted ? r() : done.addEventListener('abort', () => r(), { once: true })));
        } catch (err) {
          const e = toAppError(err);
          send('unavailable', { kind: e.kind, message: e.message, hint: e.hint });
        } finally {
          stop.abort();
          for (const s of sources.values()) s.abort.abort();
          if (flushTimer) clearTimeout(flushTimer);
          for (const r of releases.splice(0)) r();
          metrics.logStreams.dec();
          closed = true;
          try {
            controller.close();
          } catch {
            /* closed */
          }
        }
      },
      cancel() {
        stop.abort();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, { headers: SSE_HEADERS });
}
