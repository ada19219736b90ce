import 'server-only';
// The diagnosis's sources read straight from the API server, as the identity the request acts as.
// Every lookup answers present, absent (a 404) or unknown (forbidden, failed): only the API
// server's own 404 lets a finding say something does not exist. Secrets are asked for as
// metadata only: their data never reaches Podscope.
import type { CoreV1Event, KubeConfig, V1ConfigMap, V1Node, V1PersistentVolumeClaim, V1StorageClass } from '@kubernetes/client-node';
import type { DiagnosisSources } from '@/lib/diagnosis/gather';
import { ABSENT, type Lookup, present, unknown } from '@/lib/diagnosis/types';
import { normalizeEvent } from '@/lib/events/normalize';
import { isEventOfPod } from '@/lib/k8s/events';
import { collectionPath, LOOKUPS, objectPath, RESOURCES } from '@/lib/k8s/resources';
import { toAppError } from '../errors';
import { apiOwnerLookup } from '../kube/owner-lookup';
import { kubeFetch, kubeGet, orUndefined, upstreamError } from '../kube/request';
import { logTail } from '../logs/tail';

const METADATA_ONLY = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

/** GET as a Lookup: 200 present, 404 absent, anything else (403, 5xx, unreachable) unknown with why. */
async function lookup<T>(kc: KubeConfig, path: string, what: string, accept?: string): Promise<Lookup<T>> {
  try {
    const res = await kubeFetch(kc, path, { accept, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    if (res.status === 200) return present(JSON.parse(text) as T);
    if (res.status === 404) return ABSENT;
    return unknown(`${what} could not be read: ${upstreamError(res.status, text).message}`);
  } catch (err) {
    return unknown(`${what} could not be read: ${toAppError(err).message}`);
  }
}

export function apiSources(kc: KubeConfig): DiagnosisSources {
  return {
    async events(ns, name, uid) {
      const list = await kubeGet<{ items: CoreV1Event[] }>(
        kc,
        `${collectionPath(RESOURCES.events, ns)}?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`,
      );
      return list.items.filter((e) => isEventOfPod(e, name, uid)).map(normalizeEvent);
    },
    owners: apiOwnerLookup(kc),
    async ownersReadable(ns) {
      const r = await lookup(kc, `${collectionPath(RESOURCES.replicasets, ns)}?limit=1`, 'replicasets');
      return r.state === 'present';
    },
    node: (name) => lookup<V1Node>(kc, objectPath(RESOURCES.nodes, undefined, name), `node ${name}`),
    async nodes() {
      return (await orUndefined(kubeGet<{ items: V1Node[] }>(kc, collectionPath(RESOURCES.nodes))))?.items;
    },
    claim: (ns, name) =>
      lookup<V1PersistentVolumeClaim>(kc, objectPath(LOOKUPS.persistentvolumeclaims, ns, name), `PersistentVolumeClaim ${name}`),
    storageClass: (name) => lookup<V1StorageClass>(kc, objectPath(LOOKUPS.storageclasses, undefined, name), `StorageClass ${name}`),
    async configMapKeys(ns, name) {
      const l = await lookup<V1ConfigMap>(kc, objectPath(LOOKUPS.configmaps, ns, name), `ConfigMap ${name}`);
      return l.state === 'present' ? present(Object.keys({ ...l.value.data, ...l.value.binaryData })) : l;
    },
    async secretExists(ns, name) {
      const l = await lookup<unknown>(kc, objectPath(LOOKUPS.secrets, ns, name), `Secret ${name}`, METADATA_ONLY);
      return l.state === 'present' ? present(true as const) : l;
    },
    async logTail(ns, pod, container, previous) {
      const t = await logTail(kc, ns, pod, container, { previous, lines: 50, bytes: 65536, timeoutMs: 5000 });
      return 'lines' in t ? t.lines.filter(Boolean) : undefined;
    },
  };
}
