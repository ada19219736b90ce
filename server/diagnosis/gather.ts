import 'server-only';
// Collects everything the diagnosis engine reads about one pod, straight from the API server:
// the pod, its events, owners and sibling ReplicaSets, its node (all nodes when it is Pending),
// its PVCs, which referenced ConfigMaps (with keys) and Secrets (existence only: Secrets are read
// as metadata, so their values never reach Podscope) exist, and the tail of crashing containers' logs.
import type { CoreV1Event, V1ConfigMap, V1Node, V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { normalizeEvent } from '@/lib/events/normalize';
import type { ConfigRefs, DiagnosisInput } from '@/lib/diagnosis/types';
import { objectName } from '@/lib/validation/names';
import { type Identity, LOCAL } from '../auth/identity';
import { kubeConfigFor } from '../kube/clusters';
import { kubeFetch, kubeGet, orUndefined } from '../kube/request';
import { logTail } from '../logs/tail';
import { assertCanReadPods } from '../auth/access';
import { AppError } from '../errors';
import { withRecordedEvents } from '../recorder/events';
import { deletedPod } from '../recorder/store';
import { containerSpecs, containerStatuses } from '@/lib/k8s/containers';
import { isEventOfPod } from '@/lib/k8s/events';
import { resolveOwners } from '@/lib/k8s/owners';
import { collectionPath, LOOKUPS, objectPath, podPath, RESOURCES } from '@/lib/k8s/resources';
import { apiOwnerLookup } from '../kube/owner-lookup';

// Names come from object fields the API server does not always validate (e.g. a configMap volume's
// name): only well-formed names are looked up, and every path segment is encoded, so a crafted
// spec can never steer a request to another resource (such as a Secret's data).
const valid = (s: string | undefined): s is string => !!s && objectName.safeParse(s).success;

const METADATA_ONLY = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

function referenced(pod: V1Pod): { secrets: Set<string>; configMaps: Set<string> } {
  const secrets = new Set<string>(),
    configMaps = new Set<string>();
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
  }
  return { secrets, configMaps };
}

/** Log tails as the rules quote them: no blank lines, nothing when the log cannot be read. */
async function tailLines(kc: KubeConfig, ns: string, pod: string, container: string, previous: boolean): Promise<string[]> {
  const t = await logTail(kc, ns, pod, container, { previous, lines: 50, bytes: 65536, timeoutMs: 5000 });
  return 'lines' in t ? t.lines.filter(Boolean) : [];
}

/**
 * The pod from the API server, or, when it is gone, the last version the flight recorder saw
 * before it was deleted (served only to an identity that may get pods in that namespace).
 */
async function livePodOrRecord(
  kc: KubeConfig,
  context: string,
  identity: Identity,
  namespace: string,
  name: string,
): Promise<{ pod: V1Pod; deletedAt?: number }> {
  try {
    return { pod: await kubeGet<V1Pod>(kc, podPath(namespace, name)) };
  } catch (err) {
    if (!(err instanceof AppError) || err.kind !== 'not-found') throw err;
    const rec = await deletedPod(context, `${namespace}/${name}`);
    if (!rec) throw err;
    await assertCanReadPods(context, identity, namespace);
    return rec;
  }
}

export async function gatherDiagnosisInput(
  context: string,
  namespace: string,
  name: string,
  now = Date.now(),
  identity: Identity = LOCAL,
): Promise<DiagnosisInput> {
  const kc = kubeConfigFor(context, identity);
  const { pod, deletedAt } = await livePodOrRecord(kc, context, identity, namespace, name);
  const evList = await kubeGet<{ items: CoreV1Event[] }>(
    kc,
    `${collectionPath(RESOURCES.events, namespace)}?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`,
  );
  let events = evList.items.filter((e) => isEventOfPod(e, name, pod.metadata?.uid)).map(normalizeEvent);
  // a deleted pod's events may have expired upstream: add what the recorder kept
  if (deletedAt !== undefined) events = await withRecordedEvents(context, `${namespace}/${name}`, events, pod.metadata?.uid);

  const owners = await resolveOwners(pod, apiOwnerLookup(kc));

  const node = valid(pod.spec?.nodeName)
    ? await orUndefined(kubeGet<V1Node>(kc, objectPath(RESOURCES.nodes, undefined, pod.spec!.nodeName!)))
    : undefined;
  const nodes = !pod.spec?.nodeName
    ? (await orUndefined(kubeGet<{ items: V1Node[] }>(kc, collectionPath(RESOURCES.nodes))))?.items
    : undefined;
  const claims = (pod.spec?.volumes ?? [])
    .filter((v) => v.persistentVolumeClaim)
    .map((v) => v.persistentVolumeClaim!.claimName)
    .filter(valid);
  const pvcs = (
    await Promise.all(
      claims.map((c) => orUndefined(kubeGet<V1PersistentVolumeClaim>(kc, objectPath(LOOKUPS.persistentvolumeclaims, namespace, c)))),
    )
  ).filter((p): p is V1PersistentVolumeClaim => !!p);

  const refs = referenced(pod);
  const configRefs: ConfigRefs = { secrets: {}, configMaps: {} };
  await Promise.all([
    ...[...refs.secrets].filter(valid).map(async (s) => {
      // metadata only: the API server never sends the Secret's data to Podscope. Only "missing"
      // is recorded (a 404); a Secret's keys are never known, and 403 or errors mean unknown.
      const res = await orUndefined(kubeFetch(kc, objectPath(LOOKUPS.secrets, namespace, s), { accept: METADATA_ONLY }));
      if (res) await res.text();
      if (res?.status === 404) configRefs.secrets[s] = null;
    }),
    ...[...refs.configMaps].filter(valid).map(async (c) => {
      const res = await orUndefined(kubeFetch(kc, objectPath(LOOKUPS.configmaps, namespace, c)));
      if (!res) return;
      const text = await res.text();
      if (res.status === 404) configRefs.configMaps[c] = null;
      else if (res.status === 200) {
        const cm = JSON.parse(text) as V1ConfigMap;
        configRefs.configMaps[c] = Object.keys({ ...cm.data, ...cm.binaryData });
      }
    }),
  ]);

  // logs only where they can explain something: containers that crashed or are crashing
  const logs: NonNullable<DiagnosisInput['logs']> = { current: {}, previous: {} };
  await Promise.all(
    containerStatuses(pod)
      .filter((s) => s.lastState?.terminated || s.state?.terminated)
      .map(async (s) => {
        if (s.lastState?.terminated) logs.previous![s.name] = await tailLines(kc, namespace, name, s.name, true);
        if (s.state?.running || s.state?.terminated) logs.current![s.name] = await tailLines(kc, namespace, name, s.name, false);
      }),
  );

  // a deleted pod is diagnosed as it was when it was deleted (not as "stuck terminating" since)
  if (deletedAt !== undefined) return { pod, events, owners, node, nodes, pvcs, configRefs, logs, now: deletedAt, deletedAt };
  return { pod, events, owners, node, nodes, pvcs, configRefs, logs, now };
}
