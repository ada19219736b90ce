// kubectl's STATUS, READY and RESTARTS columns for a pod: the behaviour of the API server's pod
// table printer (printPod in kubernetes pkg/printers/internalversion, v1.36), ported so the
// dashboard can compute it for every pod on every watch event without asking the server.
import type { V1ContainerStatus, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { since } from './duration';
import { timeMs } from './time';
import { isSidecar } from './containers';

export interface PodColumns {
  /** e.g. "Running", "CrashLoopBackOff", "Init:0/2", "Terminating". */
  status: string;
  ready: number;
  /** regular containers plus sidecar (restartable init) containers */
  total: number;
  restarts: number;
  /** ISO time of the latest counted restart (latest lastState.terminated.finishedAt), if any. */
  lastRestartAt?: string;
}

const time = (t: Date | string | undefined): number => timeMs(t) ?? Number.NEGATIVE_INFINITY;

/** Keeps the later of two finishedAt times, as the printer does with Time.Before. */
function later(a: Date | string | undefined, b: Date | string | undefined) {
  return time(b) > time(a) ? b : a;
}

const conditionTrue = (conds: V1PodCondition[] | undefined, type: string) =>
  (conds ?? []).some((c) => c.type === type && c.status === 'True');

function terminatedReason(prefix: string, t: { reason?: string; signal?: number; exitCode: number }): string {
  if (t.reason) return prefix + t.reason;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${t.exitCode}`;
}

export function podColumns(pod: V1Pod): PodColumns {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const initSpecs = new Map((spec?.initContainers ?? []).map((c) => [c.name, c]));
  let total = spec?.containers?.length ?? 0;
  for (const c of spec?.initContainers ?? []) if (isSidecar(c)) total++;

  let reason = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  let restarts = 0;
  let sidecarRestarts = 0;
  let ready = 0;
  let lastRestart: Date | string | undefined;
  let lastSidecarRestart: Date | string | undefined;

  let initializing = false;
  const initStatuses: V1ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt;
    if (c.lastState?.terminated) lastRestart = later(lastRestart, finished);
    const sidecar = isSidecar(initSpecs.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      if (c.lastState?.terminated) lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const term = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      reason = terminatedReason('Init:', term);
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    let errorReason = '';
    const statuses = status.containerStatuses ?? [];
    // Last to first, so the first container in the list has the final word.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      if (c.lastState?.terminated) lastRestart = later(lastRestart, c.lastState.terminated.finishedAt);
      if (c.state?.waiting?.reason) {
        reason = c.state.waiting.reason;
      } else if (c.state?.terminated) {
        reason = terminatedReason('', c.state.terminated);
        if (c.state.terminated.exitCode !== 0) errorReason = reason;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed') {
      if (hasRunning && conditionTrue(status.conditions, 'Ready')) reason = 'Running';
      else if (errorReason) reason = errorReason;
      else if (hasRunning) reason = 'NotReady';
    }
  }

  const deleting = !!pod.metadata?.deletionTimestamp;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  const lastRestartAt = lastRestart === undefined ? undefined : new Date(lastRestart).toISOString();
  return { status: reason, ready, total, restarts, lastRestartAt };
}

/** The RESTARTS cell exactly as kubectl prints it: "3" or "3 (5m ago)". */
export function restartsCell(cols: PodColumns, now: number): string {
  if (cols.restarts !== 0 && cols.lastRestartAt) return `${cols.restarts} (${since(cols.lastRestartAt, now)} ago)`;
  return String(cols.restarts);
}

export function readyCell(cols: PodColumns): string {
  return `${cols.ready}/${cols.total}`;
}
