// The Kubernetes resources Podscope reads, with their API paths.
export interface ResourceDef {
  /** our short name, used in subscriptions and URLs */
  name: ResourceName;
  group: string; // '' for core
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export const RESOURCES = {
  pods: { name: 'pods', group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  events: { name: 'events', group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  nodes: { name: 'nodes', group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false },
  replicasets: { name: 'replicasets', group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  deployments: { name: 'deployments', group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  statefulsets: { name: 'statefulsets', group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  daemonsets: { name: 'daemonsets', group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  jobs: { name: 'jobs', group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true },
  cronjobs: { name: 'cronjobs', group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true },
  persistentvolumeclaims: {
    name: 'persistentvolumeclaims',
    group: '',
    version: 'v1',
    plural: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
  },
  storageclasses: {
    name: 'storageclasses',
    group: 'storage.k8s.io',
    version: 'v1',
    plural: 'storageclasses',
    kind: 'StorageClass',
    namespaced: false,
  },
} as const satisfies Record<string, Omit<ResourceDef, 'name'> & { name: string }>;

export type ResourceName = keyof typeof RESOURCES;
export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

export function resourceByKind(kind: string): ResourceDef | undefined {
  return Object.values(RESOURCES).find((r) => r.kind === kind) as ResourceDef | undefined;
}

/** Where an API resource lives: enough to build its paths. */
export type ApiResource = Pick<ResourceDef, 'group' | 'version' | 'plural' | 'namespaced'>;

/**
 * Resources the diagnosis looks up one object of: a Pending pod's claim and its storage class (also
 * watched), the ConfigMaps and Secrets its containers name (never watched or streamed; Secrets are
 * read as metadata only).
 */
export const LOOKUPS = {
  persistentvolumeclaims: RESOURCES.persistentvolumeclaims,
  storageclasses: RESOURCES.storageclasses,
  configmaps: { group: '', version: 'v1', plural: 'configmaps', namespaced: true },
  secrets: { group: '', version: 'v1', plural: 'secrets', namespaced: true },
} as const satisfies Record<string, ApiResource>;

const seg = encodeURIComponent;
const base = (r: ApiResource) => (r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`);

/** The collection path, e.g. /apis/apps/v1/namespaces/ns/replicasets or /api/v1/pods. */
export function collectionPath(r: ApiResource, namespace?: string): string {
  return r.namespaced && namespace ? `${base(r)}/namespaces/${seg(namespace)}/${r.plural}` : `${base(r)}/${r.plural}`;
}

/**
 * One object's path (or its subresource's: log, status), every segment encoded: names read from
 * a spec are not always validated by the API server, and must never steer a request elsewhere.
 */
export function objectPath(r: ApiResource, namespace: string | undefined, name: string, subresource?: string): string {
  return `${collectionPath(r, namespace)}/${seg(name)}${subresource ? `/${subresource}` : ''}`;
}

export const podPath = (namespace: string, name: string, subresource?: string) => objectPath(RESOURCES.pods, namespace, name, subresource);

/** Store key of an object, as client-go's MetaNamespaceKeyFunc: "ns/name" or "name". */
export function objectKey(o: { metadata?: { namespace?: string; name?: string } }): string {
  return o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata?.name ?? '');
}
