import 'server-only';
// Recording in the background: the flight recorder watches every pod and event of the current
// kubeconfig context from startup, so history exists for pods nobody had open (the pod that
// crashed at 3 a.m.), and the Metrics API's usage every 15 s. These are the same shared caches
// the pod list uses (no second watch when the list is open). On by default in local mode; in the
// shared modes (token, proxy) only with PODSCOPE_RECORDER=background, as Podscope's own identity.
// Several replicas sharing one database (PODSCOPE_DATABASE_URL) elect one of them to do it
// through a Lease (server/coordination/lease.ts): the others take over when it goes. (Their
// writes are idempotent, so the seconds in which two might record at a takeover store nothing twice.)
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { config, recordsInBackground } from '../config';
import { LeaseElector } from '../coordination/lease';
import { kubeConfigFor, listContexts } from '../kube/clusters';
import { LOCAL } from '../kube/identities';
import { log } from '../log';

/** Holds a watch (as Podscope's own identity) until released; it may end if the API server refuses it. */
export type HoldWatch = (context: string, resource: 'pods' | 'events') => { onEnd(cb: () => void): void; release(): void };
/** Keeps a usage poller running until released. */
export type HoldUsage = (context: string) => () => void;

const RETRY_MS = 60_000;
const SA_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

const g = globalThis as unknown as { __podscopeBackground?: { elector?: LeaseElector; stop: () => void } };

/** What recording holds while it runs; stop() lets go of all of it. */
function startRecording(context: string, hold: HoldWatch, holdUsage: HoldUsage): () => void {
  let stopped = false;
  const releases: (() => void)[] = [];
  const watch = (resource: 'pods' | 'events') => {
    if (stopped) return;
    // a watch the API server refused ends: tried again in a minute
    const retry = () => setTimeout(() => watch(resource), RETRY_MS).unref?.();
    try {
      const h = hold(context, resource);
      h.onEnd(retry);
      releases.push(() => h.release());
    } catch (err) {
      log.warn('flight recorder cannot watch', { context, resource, error: (err as Error).message });
      retry();
    }
  };
  watch('pods');
  watch('events');
  // usage too: the pod page's chart then reaches back before anyone opened it
  releases.push(holdUsage(context));
  log.info('flight recorder watching', { context });
  return () => {
    stopped = true;
    for (const r of releases.splice(0)) r();
    log.info('flight recorder stopped watching', { context });
  };
}

/** The Lease's namespace/name: PODSCOPE_LEASE, else this pod's namespace (in a cluster) or default. */
function leaseName(): { namespace: string; name: string } {
  const set = config().PODSCOPE_LEASE;
  if (set) {
    const [namespace, name] = set.split('/');
    return { namespace, name };
  }
  const ns = process.env.POD_NAMESPACE || (existsSync(SA_NAMESPACE) ? readFileSync(SA_NAMESPACE, 'utf8').trim() : 'default');
  return { namespace: ns, name: 'podscope-recorder' };
}

export function startBackgroundRecorder(hold: HoldWatch, holdUsage: HoldUsage): void {
  const cfg = config();
  if (!recordsInBackground(cfg) || g.__podscopeBackground) return;
  const context = listContexts().current;
  if (!context) return;
  if (!cfg.PODSCOPE_DATABASE_URL) {
    // one process, its own store: it records
    g.__podscopeBackground = { stop: startRecording(context, hold, holdUsage) };
    return;
  }
  const { namespace, name } = leaseName();
  // (a pod's name is its hostname; the suffix tells a restarted process from its predecessor)
  const identity = `${process.env.POD_NAME || hostname()}_${randomBytes(4).toString('hex')}`;
  const elector = new LeaseElector(kubeConfigFor(context, LOCAL), { namespace, name, identity });
  let stopRecording: (() => void) | undefined;
  elector.onChange((leading) => {
    if (leading) stopRecording ??= startRecording(context, hold, holdUsage);
    else {
      stopRecording?.();
      stopRecording = undefined;
    }
  });
  elector.start();
  log.info('flight recorder: electing one replica to record', { lease: `${namespace}/${name}`, identity });
  g.__podscopeBackground = {
    elector,
    stop: () => {
      stopRecording?.();
      stopRecording = undefined;
    },
  };
}

/** On shutdown: stop recording, and give the Lease up so another replica takes over at once. */
export async function stopBackgroundRecorder(): Promise<void> {
  const b = g.__podscopeBackground;
  g.__podscopeBackground = undefined;
  if (!b) return;
  await b.elector?.stop();
  b.stop();
}
