// Everything the engine reads about one pod, from wherever it can be read: the API server (the
// diagnosis route and the live CLI), the watch caches (every pod's shared diagnosis, triage), or
// files kubectl wrote (the offline CLI). One gathering for all of them, so the same pod with the
// same records gets the same diagnosis in every view. Names read from the pod's spec are checked
// before any lookup: the API server does not validate them all, and a crafted name must never
// steer a lookup elsewhere.
import type { V1Node, V1PersistentVolumeClaim, V1Pod, V1StorageClass } from '@kubernetes/client-node';
import type { PodEvent } from '../events/normalize';
import { containerSpecs, containerStatuses } from '../k8s/containers';
import { type OwnerLookup, resolveOwners } from '../k8s/owners';
import { objectName } from '../validation/names';
import type { UsagePoint } from '../usage/usage';
import { type DiagnosisInput, type Lookup, type Lookups, unknown } from './types';

export interface DiagnosisSources {
  /** the pod's events (normalised), of this pod (uid) only */
  events(namespace: string, name: string, uid: string | undefined): Promise<PodEvent[]>;
  owners: OwnerLookup;
  /** could owners be read at all (false: forbidden, not supplied) */
  ownersReadable(namespace: string): Promise<boolean>;
  node(name: string): Promise<Lookup<V1Node>>;
  /** every node (a Pending pod is compared with all of them); undefined when they cannot be read */
  nodes(): Promise<V1Node[] | undefined>;
  /** per node, what its pods request (lib/nodes/capacity.ts); undefined when all pods cannot be read */
  nodeRequests?(): Promise<Record<string, Record<string, number>> | undefined>;
  claim(namespace: string, name: string): Promise<Lookup<V1PersistentVolumeClaim>>;
  storageClass(name: string): Promise<Lookup<V1StorageClass>>;
  configMapKeys(namespace: string, name: string): Promise<Lookup<string[]>>;
  secretExists(namespace: string, name: string): Promise<Lookup<true>>;
  /** the Metrics API's recent samples of the pod's containers; undefined when usage cannot be read here */
  usage?(namespace: string, name: string, uid: string | undefined): Promise<Record<string, UsagePoint[]> | undefined>;
  /** the last lines of a container's log; undefined when logs cannot be read here */
  logTail?(namespace: string, pod: string, container: string, previous: boolean): Promise<string[] | undefined>;
}

const valid = (s: string | undefined): s is string => !!s && objectName.safeParse(s).success;

/** The ConfigMaps and Secrets a pod's containers and volumes name. */
export function referencedConfig(pod: V1Pod): { secrets: Set<string>; configMaps: Set<string> } {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  for (const c of containerSpecs(pod)) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name);
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name) secrets.add(e.secretRef.name);
      if (e.configMapRef?.name) configMaps.add(e.configMapRef.name);
    }
  }
  for (const v of pod.spec?.volumes ?? []) {
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    for (const s of v.projected?.sources ?? []) {
      if (s.secret?.name) secrets.add(s.secret.name);
      if (s.configMap?.name) configMaps.add(s.configMap.name);
    }
  }
  return { secrets, configMaps };
}

async function byName<T>(names: Iterable<string>, get: (name: string) => Promise<Lookup<T>>): Promise<Record<string, Lookup<T>>> {
  const out: Record<string, Lookup<T>> = {};
  await Promise.all(
    [...names].map(async (n) => {
      out[n] = valid(n) ? await get(n) : unknown('not a valid object name: not looked up');
    }),
  );
  return out;
}

export interface GatherOptions {
  now: number;
  /** set when `pod` is the flight recorder's copy of a deleted pod: it is diagnosed as of then */
  deletedAt?: number;
  /** events the caller already has beyond the sources' (the recorder's, for a deleted pod) */
  extraEvents?: (events: PodEvent[]) => Promise<PodEvent[]>;
}

export async function gatherInput(sources: DiagnosisSources, pod: V1Pod, opts: GatherOptions): Promise<DiagnosisInput> {
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const uid = pod.metadata?.uid;
  let events = await sources.events(ns, name, uid);
  if (opts.extraEvents) events = await opts.extraEvents(events);
  const [owners, ownersReadable] = await Promise.all([resolveOwners(pod, sources.owners), sources.ownersReadable(ns)]);

  const lookups: Lookups = { owners: ownersReadable ? { state: 'present', value: true } : unknown('the owners could not be read') };
  const nodeName = pod.spec?.nodeName;
  let node: V1Node | undefined;
  let nodes: V1Node[] | undefined;
  if (valid(nodeName)) {
    lookups.node = await sources.node(nodeName);
    if (lookups.node.state === 'present') node = lookups.node.value;
  } else nodes = await sources.nodes();
  const nodeRequests = nodes && sources.nodeRequests ? await sources.nodeRequests() : undefined;

  const claims = (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
  lookups.claims = await byName(claims, (c) => sources.claim(ns, c));
  const classes = new Set<string>();
  for (const l of Object.values(lookups.claims))
    if (l.state === 'present' && l.value.spec?.storageClassName) classes.add(l.value.spec.storageClassName);
  lookups.storageClasses = await byName(classes, (c) => sources.storageClass(c));

  const refs = referencedConfig(pod);
  [lookups.configMaps, lookups.secrets] = await Promise.all([
    byName(refs.configMaps, (c) => sources.configMapKeys(ns, c)),
    byName(refs.secrets, (s) => sources.secretExists(ns, s)),
  ]);

  // logs only where they can explain something: containers that crashed or are crashing
  const logs: NonNullable<DiagnosisInput['logs']> = { current: {}, previous: {} };
  if (sources.logTail && opts.deletedAt === undefined) {
    await Promise.all(
      containerStatuses(pod)
        .filter((s) => s.lastState?.terminated || s.state?.terminated)
        .map(async (s) => {
          if (s.lastState?.terminated) logs.previous![s.name] = (await sources.logTail!(ns, name, s.name, true)) ?? [];
          if (s.state?.running || s.state?.terminated) logs.current![s.name] = (await sources.logTail!(ns, name, s.name, false)) ?? [];
        }),
    );
  }
  const usage = sources.usage && opts.deletedAt === undefined ? await sources.usage(ns, name, uid) : undefined;
  // a deleted pod is diagnosed as it was when it was deleted (not as "stuck terminating" since)
  const now = opts.deletedAt ?? opts.now;
  return {
    pod,
    events,
    owners,
    node,
    nodes,
    lookups,
    logs,
    now,
    ...(usage ? { usage } : {}),
    ...(nodeRequests ? { nodeRequests } : {}),
    ...(opts.deletedAt !== undefined ? { deletedAt: opts.deletedAt } : {}),
  };
}
