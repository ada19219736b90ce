import 'server-only';
// Every pod's diagnosis, computed once per change and shared by every view that shows it: the
// pod list's badges, the workload page, the triage board (and through the same engine and the
// same gathering, the pod page, the API and the CLI agree). One per (cluster, identity, namespace
// scope), over the shared watch caches: pods, their events, owners, nodes and claims. A change
// marks only the pods it concerns; pods that look healthy are not diagnosed at all; the
// unhealthy ones are looked at again every 15 s (a crash 10 minutes ago stops counting).
import type { CoreV1Event, V1Node, V1Pod } from '@kubernetes/client-node';
import type { WatchState } from '@/lib/api/stream';
import { diagnose, primary, summarize } from '@/lib/diagnosis/engine';
import { gatherInput } from '@/lib/diagnosis/gather';
import type { Kind } from '@/lib/diagnosis/object-sources';
import type { DiagnosisSummary } from '@/lib/diagnosis/types';
import { type OwnerRef, topOwner } from '@/lib/k8s/owners';
import { podColumns } from '@/lib/k8s/pod-status';
import type { ResourceName } from '@/lib/k8s/resources';
import { timeMs } from '@/lib/k8s/time';
import { looksHealthy } from '@/lib/triage/health';
import { type Identity, identityKey } from '../auth/identity';
import { config } from '../config';
import { log } from '../log';
import { metrics } from '../metrics';
import { acquire } from '../watch/cache';
import type { Reflector } from '../watch/reflector';
import { Shared } from '../shared';
import { EarliestTimer } from '../timer';
import { usageConcern } from '@/lib/diagnosis/rules/usage';
import { acquireUsage, type UsagePoller } from '../usage/poller';
import { cacheSources, EventsByPod } from './cache-sources';

export interface PodDiagnosis {
  key: string;
  uid: string;
  namespace: string;
  name: string;
  summary: DiagnosisSummary;
  /** the object a person edits: Deployment, StatefulSet, CronJob, …, or the pod itself */
  owner: OwnerRef;
  status: string;
  restarts: number;
  /** when this pod started failing this way (ms): its first warning event, or when it was first seen so */
  since: number;
}

/**
 * When a pod started failing the way it does, from what Kubernetes recorded: its deadline for a
 * stuck deletion; else the earliest of its first warning event and the moment its Ready (or
 * PodScheduled) condition turned False; else now.
 */
function failingSince(pod: V1Pod, events: { type: string; firstSeen?: string }[], finding: string, now: number, node?: V1Node): number {
  const nodeReady = node?.status?.conditions?.find((c) => c.type === 'Ready');
  if (finding.startsWith('node.') && nodeReady && nodeReady.status !== 'True') {
    const at = timeMs(nodeReady.lastTransitionTime);
    if (at !== undefined) return Math.min(at, now);
  }
  if (finding === 'termination.stuck') {
    const at = timeMs(pod.metadata?.deletionTimestamp);
    if (at !== undefined) return Math.min(at, now);
  }
  const times = events.filter((e) => e.type === 'Warning').map((e) => timeMs(e.firstSeen));
  for (const c of pod.status?.conditions ?? [])
    if ((c.type === 'Ready' || c.type === 'PodScheduled') && c.status === 'False') times.push(timeMs(c.lastTransitionTime));
  const known = times.filter((t): t is number => t !== undefined);
  return known.length ? Math.min(...known, now) : now;
}

/** What a diagnosis reads of a node (not its heartbeat times): conditions, taints, schedulability, size. */
function nodeSignature(n: V1Node): { all: string; ready: string } {
  const conditions = (n.status?.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message]);
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
  return { all: JSON.stringify([conditions, n.spec?.taints, n.spec?.unschedulable, n.status?.allocatable]), ready };
}

export interface DiagnosesListener {
  changed(upserts: PodDiagnosis[], deletes: string[]): void;
  state(s: WatchState): void;
}

const WATCHED: [Kind, ResourceName][] = [
  ['Pod', 'pods'],
  ['Event', 'events'],
  ['ReplicaSet', 'replicasets'],
  ['Deployment', 'deployments'],
  ['StatefulSet', 'statefulsets'],
  ['DaemonSet', 'daemonsets'],
  ['Job', 'jobs'],
  ['CronJob', 'cronjobs'],
  ['Node', 'nodes'],
  ['PersistentVolumeClaim', 'persistentvolumeclaims'],
  ['StorageClass', 'storageclasses'],
];
const TICK_MS = 500;
const REFRESH_MS = 15_000;
const CHUNK = 200;
const SYNC_WAIT_MS = 10_000;

const same = (a: PodDiagnosis | undefined, b: PodDiagnosis) =>
  !!a &&
  a.summary.key === b.summary.key &&
  a.summary.title === b.summary.title &&
  a.summary.confidence === b.summary.confidence &&
  (a.summary.consequences ?? []).join('\n') === (b.summary.consequences ?? []).join('\n') &&
  a.status === b.status &&
  a.restarts === b.restarts &&
  a.owner.name === b.owner.name &&
  a.since === b.since;

export class PodDiagnoses {
  readonly results = new Map<string, PodDiagnosis>();
  readonly reflectors: Partial<Record<Kind, Reflector>> = {};
  private releases: (() => void)[] = [];
  private listeners = new Set<DiagnosesListener>();
  private events = new EventsByPod();
  /** what a diagnosis reads of each node, to tell a heartbeat from a change */
  private nodeSigs = new Map<string, { all: string; ready: string }>();
  private dirty = new Set<string>();
  private everything = true;
  private lastRefresh = 0;
  private stopped = false;
  private readonly timer = new EarliestTimer(() => void this.run(), { unref: true });
  /** the Metrics API's samples (a pod that looks healthy but runs out of memory is not healthy) */
  private readonly usage: UsagePoller;
  /** the pods whose usage needed a look at the last poll */
  private usageConcerns = new Set<string>();
  private running = false;
  /** how long the last full pass took and how many pods it diagnosed: for /metrics and the benchmark */
  lastPass = { ms: 0, diagnosed: 0, at: 0 };

  constructor(
    readonly context: string,
    readonly identity: Identity,
    readonly namespace: string | undefined,
  ) {
    const watch = (kind: Kind, resource: ResourceName) => {
      const h = acquire({ context, identity, resource, namespace });
      this.reflectors[kind] = h.reflector;
      this.releases.push(h.release);
      this.releases.push(h.reflector.addListener({ deltas: (d) => this.onDeltas(kind, d), state: () => this.emitState() }));
    };
    // pods and their events first; the owners, nodes and claims once the pods are listed, so that
    // on a cold start their lists do not delay the pod list the user is waiting for
    for (const [kind, resource] of WATCHED.slice(0, 2)) watch(kind, resource);
    const u = acquireUsage({ context, identity, namespace });
    this.usage = u.poller;
    this.releases.push(u.release);
    this.releases.push(u.poller.addListener((keys) => this.onUsage(keys)));
    // the event index starts from whatever the (maybe shared, already synced) cache holds
    for (const [k, e] of this.reflectors.Event!.store) this.events.apply('upsert', k, e as unknown as CoreV1Event);
    this.rest = this.reflectors.Pod!.waitForSync().then(() => {
      if (this.stopped) return;
      for (const [kind, resource] of WATCHED.slice(2)) watch(kind, resource);
    });
    this.schedule(0);
  }
  /** resolves once every watched kind has been acquired (the first pass waits for it) */
  private rest: Promise<void>;

  private onDeltas(kind: Kind, deltas: { type: 'upsert' | 'delete'; key: string; object: unknown }[]) {
    if (kind === 'Pod') {
      for (const d of deltas) {
        this.dirty.add(d.key);
        if (d.type === 'delete' && this.results.delete(d.key)) this.emit([], [d.key]);
      }
    } else if (kind === 'Event') {
      for (const d of deltas) {
        const pod = this.events.apply(d.type, d.key, d.object as CoreV1Event);
        if (pod) this.dirty.add(pod);
      }
    } else if (kind === 'Node') {
      // a node's heartbeat changes nothing a diagnosis reads: only a change of its conditions,
      // taints, schedulability or size counts. Its Ready turning matters to every pod on it (a
      // healthy-looking pod on a NotReady node is not healthy); anything else only to the pods
      // already diagnosed (a Pending pod's fit is judged against every node)
      const readyTurned = new Set<string>();
      let changed = false;
      for (const d of deltas) {
        const n = d.object as V1Node;
        const name = n.metadata?.name ?? d.key;
        const before = this.nodeSigs.get(name);
        const after = d.type === 'delete' ? undefined : nodeSignature(n);
        if (after === undefined) this.nodeSigs.delete(name);
        else this.nodeSigs.set(name, after);
        if (before?.all === after?.all) continue;
        changed = true;
        if (before?.ready !== after?.ready) readyTurned.add(name);
      }
      if (changed) for (const k of this.results.keys()) this.dirty.add(k);
      if (readyTurned.size) for (const [k, p] of this.pods()) if (readyTurned.has(p.spec?.nodeName ?? '')) this.dirty.add(k);
    } else {
      // an owner, claim or storage class changed: only pods already diagnosed can read it (a pod
      // that looks healthy stops at the pre-filter, whatever its owners say), so only the
      // diagnosed pods of its namespace (any namespace, for a storage class) are looked at again
      const namespaces = new Set(deltas.map((d) => (d.object as { metadata?: { namespace?: string } }).metadata?.namespace));
      for (const [k, r] of this.results) if (kind === 'StorageClass' || namespaces.has(r.namespace)) this.dirty.add(k);
    }
    this.schedule(TICK_MS);
  }

  /** New samples: a pod whose usage turned worrying (or stopped being so) is looked at again (the
   * others already diagnosed are, at the next refresh). */
  private onUsage(keys: string[]) {
    let any = false;
    const now = Date.now();
    for (const key of keys) {
      const pod = this.reflectors.Pod?.store.get(key) as V1Pod | undefined;
      const concern = !!pod && usageConcern(pod, this.usage.recent(key), now);
      if (concern || this.usageConcerns.has(key)) {
        this.dirty.add(key);
        any = true;
      }
      if (concern) this.usageConcerns.add(key);
      else this.usageConcerns.delete(key);
    }
    if (any) this.schedule(TICK_MS);
  }

  private *pods(): Iterable<[string, V1Pod]> {
    for (const [k, p] of this.reflectors.Pod!.store) yield [k, p as V1Pod];
  }

  /** Runs a pass in `ms`, or sooner if one is already due sooner (a change must not wait for the 15 s refresh). */
  private schedule(ms: number) {
    if (!this.stopped) this.timer.runAt(Date.now() + ms);
  }

  /** Diagnoses what changed, in chunks that leave the event loop to others in between. */
  private async run() {
    if (this.running || this.stopped) return;
    const pods = this.reflectors.Pod!;
    if (this.lastPass.at === 0) {
      await pods.waitForSync();
      await this.rest;
      // the first pass waits for events, owners, nodes and claims too, even when the pods were
      // already cached (a diagnosis without its events or owners is another diagnosis: a
      // liveness kill would read as a bare SIGKILL, a rollout as a crash), but not forever: a
      // kind that cannot be listed is unknown to the rules, and the findings say so
      const rest = Object.values(this.reflectors).map((r) => r.waitForSync());
      await Promise.race([Promise.all(rest), new Promise((res) => setTimeout(res, SYNC_WAIT_MS).unref?.())]);
      if (this.stopped) return;
    }
    this.running = true;
    try {
      const now = Date.now();
      if (now - this.lastRefresh > REFRESH_MS) {
        this.lastRefresh = now;
        for (const k of this.results.keys()) this.dirty.add(k);
      }
      const keys = this.everything ? [...pods.store.keys()] : [...this.dirty];
      const full = this.everything;
      this.everything = false;
      this.dirty.clear();
      const t0 = performance.now();
      const sources = cacheSources(this.reflectors, this.events, (k) => this.usage.recent(k));
      const upserts: PodDiagnosis[] = [];
      const deletes: string[] = [];
      let diagnosed = 0;
      for (let i = 0; i < keys.length; i += CHUNK) {
        for (const key of keys.slice(i, i + CHUNK)) {
          const r = await this.diagnoseOne(key, sources, now);
          if (r === 'skip') continue;
          diagnosed += r === 'healthy' ? 0 : 1;
          const prev = this.results.get(key);
          if (r === 'healthy' || r === 'gone') {
            if (prev) {
              this.results.delete(key);
              deletes.push(key);
            }
          } else if (!same(prev, r)) {
            this.results.set(key, r);
            upserts.push(r);
          }
        }
        if (this.stopped) return;
        await new Promise((res) => setImmediate(res));
      }
      if (full) this.lastPass = { ms: performance.now() - t0, diagnosed, at: Date.now() };
      const scope = { context: this.context, scope: this.namespace ?? '*' };
      metrics.sharedDiagnoses.inc(diagnosed);
      metrics.sharedDiagnosisPods.set({ ...scope, kind: 'watched' }, pods.store.size);
      metrics.sharedDiagnosisPods.set({ ...scope, kind: 'unhealthy' }, this.results.size);
      if (full) metrics.sharedDiagnosisPass.set(scope, this.lastPass.ms / 1000);
      if (upserts.length || deletes.length) this.emit(upserts, deletes);
    } catch (err) {
      log.warn('shared diagnosis failed; trying again', { context: this.context, error: (err as Error).message });
      this.everything = true;
    } finally {
      this.running = false;
    }
    if (this.dirty.size || this.everything) this.schedule(TICK_MS);
    else this.schedule(REFRESH_MS);
  }

  private async diagnoseOne(
    key: string,
    sources: ReturnType<typeof cacheSources>,
    now: number,
  ): Promise<PodDiagnosis | 'healthy' | 'gone' | 'skip'> {
    const pod = this.reflectors.Pod!.store.get(key) as V1Pod | undefined;
    if (!pod) return 'gone';
    const cols = podColumns(pod);
    const node = pod.spec?.nodeName ? (this.reflectors.Node?.store.get(pod.spec.nodeName) as V1Node | undefined) : undefined;
    const nodeReady = !node || node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
    if (looksHealthy(pod, now, cols, nodeReady) && !this.usageConcerns.has(key)) return 'healthy';
    const input = await gatherInput(sources, pod, { now });
    const findings = diagnose(input);
    const p = primary(findings);
    if (!p) return 'healthy';
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const prev = this.results.get(key);
    const since =
      prev && prev.summary.key === `${p.id}${p.container ? `:${p.container}` : ''}`
        ? prev.since
        : failingSince(pod, input.events, p.id, now, node);
    return {
      key,
      uid: pod.metadata?.uid ?? '',
      namespace: ns,
      name,
      summary: summarize(p, findings),
      owner: topOwner(pod, input.owners),
      status: cols.status,
      restarts: cols.restarts,
      since,
    };
  }

  private emit(upserts: PodDiagnosis[], deletes: string[]) {
    for (const l of this.listeners) l.changed(upserts, deletes);
  }

  /** The worst of the caches that matter (pods, events); owners, nodes and claims are extras an identity may not read. */
  state(): WatchState {
    const essential = [this.reflectors.Pod!, this.reflectors.Event!];
    return (
      essential.map((x) => x.state).find((s) => s.phase === 'error') ??
      essential.map((x) => x.state).find((s) => s.phase !== 'live') ?? { phase: 'live', since: Date.now() }
    );
  }

  private lastPhase = '';
  private emitState() {
    const s = this.state();
    if (s.phase === this.lastPhase) return;
    this.lastPhase = s.phase;
    for (const l of this.listeners) l.state(s);
  }

  /** True once the pods and their events are listed and the first pass is done. */
  get ready(): boolean {
    return this.lastPass.at > 0;
  }

  addListener(l: DiagnosesListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  stop(): void {
    this.stopped = true;
    this.timer.clear();
    for (const r of this.releases) r();
  }
}

// ---- shared per (context, identity, namespace scope), reference-counted; it lingers as long as
// the watch caches it reads outlive their last user
const shared = new Shared<PodDiagnoses>(
  'diagnoses',
  (d) => d.stop(),
  () => config().PODSCOPE_CACHE_LINGER_MS,
);

export function acquireDiagnoses(
  context: string,
  identity: Identity,
  namespace: string | undefined,
): { diagnoses: PodDiagnoses; release: () => void } {
  const key = `${context}\u0000${identityKey(context, identity)}\u0000${namespace ?? '*'}`;
  const h = shared.acquire(key, () => new PodDiagnoses(context, identity, namespace));
  return { diagnoses: h.value, release: h.release };
}

/** For /metrics and the benchmark: the shared diagnoses running now. */
export function diagnosesStats(): { key: string; pods: number; unhealthy: number; lastPassMs: number }[] {
  return shared.entriesNow().map(([k, d]) => ({
    key: k.replaceAll('\u0000', '|'),
    pods: d.reflectors.Pod!.store.size,
    unhealthy: d.results.size,
    lastPassMs: d.lastPass.ms,
  }));
}
