// The diagnosis's sources over objects already at hand: files kubectl wrote (the offline CLI), or
// Podscope's watch caches (every pod's shared diagnosis). Each kind is an index that says which
// namespaces it fully covers: a name missing from a covered namespace is absent (a definite
// answer), a name in a namespace nobody listed is unknown — and the finding says what to fetch.
import type { CoreV1Event, V1ConfigMap, V1Node, V1PersistentVolumeClaim, V1StorageClass } from '@kubernetes/client-node';
import { normalizeEvent } from '../events/normalize';
import { isEventOfPod } from '../k8s/events';
import type { OwnerLookup } from '../k8s/owners';
import type { DiagnosisSources } from './gather';
import { ABSENT, type Lookup, present, unknown } from './types';

export const KINDS = [
  'Pod',
  'Event',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Node',
  'PersistentVolumeClaim',
  'StorageClass',
  'ConfigMap',
  'Secret',
] as const;
export type Kind = (typeof KINDS)[number];
const CLUSTER_SCOPED = new Set<Kind>(['Node', 'StorageClass']);

/** The kubectl name of each kind, for "fetch it with kubectl get …" */
const KUBECTL: Record<Kind, string> = {
  Pod: 'pod',
  Event: 'events',
  ReplicaSet: 'replicaset',
  Deployment: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  Job: 'job',
  CronJob: 'cronjob',
  Node: 'nodes',
  PersistentVolumeClaim: 'pvc',
  StorageClass: 'storageclass',
  ConfigMap: 'configmap',
  Secret: 'secret',
};

export interface KindIndex<T = unknown> {
  /** true when every object of the kind in `namespace` (cluster-scoped: at all) is here */
  covers(namespace: string | undefined): boolean;
  get(namespace: string | undefined, name: string): T | undefined;
  /** the objects of a namespace (every namespace when undefined) */
  list(namespace: string | undefined): Iterable<T>;
  /** events only: the events about one pod, when the index keeps them by pod */
  aboutPod?(namespace: string, name: string): Iterable<T>;
}

export type Indexes = Partial<Record<Kind, KindIndex>>;

export interface ObjectSourcesOptions {
  /** why a kind that is not there at all could not be looked at (e.g. "not in the files given") */
  missingWhy: (kind: Kind) => string;
}

export function objectSources(ix: Indexes, opts: ObjectSourcesOptions): DiagnosisSources {
  const lookup = <T>(kind: Kind, ns: string | undefined, name: string): Lookup<T> => {
    const scope = CLUSTER_SCOPED.has(kind) ? undefined : ns;
    const index = ix[kind] as KindIndex<T> | undefined;
    const found = index?.get(scope, name);
    if (found !== undefined) return present(found);
    if (index?.covers(scope)) return ABSENT;
    const where = scope ? ` -n ${scope}` : '';
    return unknown(
      `${index ? `${kind}s of ${scope ? `namespace ${scope}` : 'the cluster'} were not all there` : opts.missingWhy(kind)}: kubectl get ${KUBECTL[kind]} ${name}${where} -o json`,
    );
  };
  const optional =
    <T>(kind: Kind) =>
    (ns: string, name: string) => {
      const l = lookup<T>(kind, ns, name);
      return l.state === 'present' ? l.value : undefined;
    };
  const owners: OwnerLookup = {
    replicaSet: optional('ReplicaSet'),
    deployment: optional('Deployment'),
    job: optional('Job'),
    cronJob: optional('CronJob'),
    replicaSets: (ns) => (ix.ReplicaSet ? ([...ix.ReplicaSet.list(ns)] as never) : undefined),
  };
  return {
    async events(ns, name, uid) {
      const index = ix.Event as KindIndex<CoreV1Event> | undefined;
      if (!index) return [];
      const candidates = index.aboutPod ? index.aboutPod(ns, name) : index.list(ns);
      const out = [];
      for (const e of candidates) if (isEventOfPod(e, name, uid)) out.push(normalizeEvent(e));
      return out;
    },
    owners,
    async ownersReadable(ns) {
      return !!ix.ReplicaSet?.covers(ns) || !!ix.Job?.covers(ns) || !!ix.Deployment?.covers(ns);
    },
    async node(name) {
      return lookup<V1Node>('Node', undefined, name);
    },
    async nodes() {
      return ix.Node?.covers(undefined) ? ([...ix.Node.list(undefined)] as V1Node[]) : undefined;
    },
    async claim(ns, name) {
      return lookup<V1PersistentVolumeClaim>('PersistentVolumeClaim', ns, name);
    },
    async storageClass(name) {
      return lookup<V1StorageClass>('StorageClass', undefined, name);
    },
    async configMapKeys(ns, name) {
      const l = lookup<V1ConfigMap>('ConfigMap', ns, name);
      return l.state === 'present' ? present(Object.keys({ ...l.value.data, ...l.value.binaryData })) : l;
    },
    async secretExists(ns, name) {
      // a Secret given in a file is only ever checked for existence: its data is never read
      const l = lookup<unknown>('Secret', ns, name);
      return l.state === 'present' ? present(true as const) : l;
    },
  };
}

/** A kind index over plain objects, with the namespaces (or '*': all) it covers. */
export class ObjectIndex<T extends { metadata?: { namespace?: string; name?: string } }> implements KindIndex<T> {
  private byKey = new Map<string, T>();
  private covered = new Set<string>();

  add(o: T): void {
    this.byKey.set(`${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`, o);
  }
  /** Every object of the kind in this namespace ('*': everywhere; '' for cluster-scoped) is here. */
  cover(namespace: string): void {
    this.covered.add(namespace);
  }
  covers(namespace: string | undefined): boolean {
    return this.covered.has('*') || this.covered.has(namespace ?? '');
  }
  get(namespace: string | undefined, name: string): T | undefined {
    return this.byKey.get(`${namespace ?? ''}/${name}`);
  }
  *list(namespace: string | undefined): Iterable<T> {
    for (const o of this.byKey.values()) if (namespace === undefined || o.metadata?.namespace === namespace) yield o;
  }
  get size(): number {
    return this.byKey.size;
  }
}
