// Builders for the diagnosis corpus: Kubernetes objects in the shape the API server returns them
// (and `kubectl get -o json` prints them), with the fields each component really writes. Only
// the structure is built here; every message a kubelet, scheduler or controller writes is spelled
// out in the case that uses it, next to the Kubernetes source file its format comes from.
import type {
  CoreV1Event,
  V1ConfigMap,
  V1Container,
  V1ContainerStatus,
  V1CronJob,
  V1Deployment,
  V1Job,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodCondition,
  V1ReplicaSet,
  V1StorageClass,
} from '@kubernetes/client-node';
import type { KubeDocument } from '../offline';

/** The corpus's clock: every case is diagnosed at NOW; times are given as seconds before it. */
export const NOW = '2026-11-20T12:00:00Z';
const NOW_MS = Date.parse(NOW);
export const ago = (s: number): string => new Date(NOW_MS - s * 1000).toISOString().replace('.000Z', 'Z');

let serial = 0;
const uid = (seed: string) => {
  serial += 1;
  let h = 0;
  for (const ch of `${seed}/${serial}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const x = h.toString(16).padStart(8, '0');
  return `${x}-${x.slice(0, 4)}-4${x.slice(1, 4)}-8${x.slice(4, 7)}-${x}${x.slice(0, 4)}`;
};

type Owner = { kind: string; name: string; uid?: string; apiVersion?: string };
const ref = (o: Owner) => ({
  apiVersion: o.apiVersion ?? (o.kind === 'Job' || o.kind === 'CronJob' ? 'batch/v1' : 'apps/v1'),
  kind: o.kind,
  name: o.name,
  uid: o.uid ?? uid(o.name),
  controller: true,
  blockOwnerDeletion: true,
});

export interface PodOptions {
  node?: string | null;
  phase?: string;
  reason?: string;
  message?: string;
  containers?: V1Container[];
  initContainers?: V1Container[];
  statuses?: V1ContainerStatus[];
  initStatuses?: V1ContainerStatus[];
  conditions?: V1PodCondition[];
  owner?: Owner;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  created?: number;
  deletion?: { at: number; grace?: number };
  finalizers?: string[];
  spec?: Record<string, unknown>;
  labels?: Record<string, string>;
  nominatedNodeName?: string;
}

export const container = (name: string, image: string, extra: Partial<V1Container> = {}): V1Container => ({
  name,
  image,
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  ...extra,
});

export function pod(namespace: string, name: string, o: PodOptions = {}): V1Pod {
  const containers = o.containers ?? [container('app', 'ghcr.io/acme/app:1.4.2')];
  const scheduled = o.node !== null;
  const conditions: V1PodCondition[] = o.conditions ?? [
    { type: 'PodScheduled', status: scheduled ? 'True' : 'False', lastTransitionTime: ago(o.created ?? 3600) as never },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: uid(name),
      resourceVersion: String(1000 + serial),
      creationTimestamp: ago(o.created ?? 3600) as never,
      labels: {
        ...(o.labels ?? { app: name.replace(/-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{8,10}$/, '') }),
        // the Deployment controller labels its pods with the template hash its ReplicaSet is named by
        ...(o.owner?.kind === 'ReplicaSet' ? { 'pod-template-hash': o.owner.name.split('-').at(-1)! } : {}),
      },
      ...(o.owner ? { ownerReferences: [ref(o.owner)] } : {}),
      ...(o.deletion ? { deletionTimestamp: ago(o.deletion.at) as never, deletionGracePeriodSeconds: o.deletion.grace ?? 30 } : {}),
      ...(o.finalizers ? { finalizers: o.finalizers } : {}),
    },
    spec: {
      ...(scheduled ? { nodeName: o.node ?? 'worker-1' } : {}),
      restartPolicy: o.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      containers,
      ...o.spec,
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.message !== undefined ? { message: o.message } : {}),
      conditions,
      qosClass: 'Burstable',
      ...(scheduled ? { hostIP: '10.0.0.11', podIP: '10.244.1.23', startTime: ago(o.created ?? 3600) as never } : {}),
      ...(o.nominatedNodeName ? { nominatedNodeName: o.nominatedNodeName } : {}),
      ...(o.initStatuses ? { initContainerStatuses: o.initStatuses } : {}),
      ...(o.statuses ? { containerStatuses: o.statuses } : {}),
    },
  } as V1Pod;
}

/** The conditions of a pod whose containers run but are not ready (generate.go). */
export const notReadyConditions = (containers: string[], since = 600): V1PodCondition[] => [
  { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: ago(3600) as never },
  { type: 'Initialized', status: 'True', lastTransitionTime: ago(3600) as never },
  {
    type: 'Ready',
    status: 'False',
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${containers.join(' ')}]`,
    lastTransitionTime: ago(since) as never,
  },
  {
    type: 'ContainersReady',
    status: 'False',
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${containers.join(' ')}]`,
    lastTransitionTime: ago(since) as never,
  },
  { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(3600) as never },
];
export const readyConditions = (): V1PodCondition[] => [
  { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: ago(3600) as never },
  { type: 'Initialized', status: 'True', lastTransitionTime: ago(3600) as never },
  { type: 'Ready', status: 'True', lastTransitionTime: ago(3500) as never },
  { type: 'ContainersReady', status: 'True', lastTransitionTime: ago(3500) as never },
  { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(3600) as never },
];
/** PodScheduled=False as the scheduler writes it (schedule_one.go handleSchedulingFailure). */
export const unschedulable = (message: string, since = 900): V1PodCondition[] => [
  { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: ago(since) as never },
];

interface StatusOptions {
  image?: string;
  restarts?: number;
  ready?: boolean;
  started?: boolean;
  last?: { reason: string; exitCode: number; started: number; finished: number; message?: string };
}
const base = (name: string, o: StatusOptions) => ({
  name,
  image: o.image ?? 'ghcr.io/acme/app:1.4.2',
  imageID:
    o.image === undefined || !o.image.includes('missing')
      ? 'ghcr.io/acme/app@sha256:4c1f7e0b9a6d3c2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e'
      : '',
  ready: o.ready ?? false,
  restartCount: o.restarts ?? 0,
  ...(o.started !== undefined ? { started: o.started } : {}),
  ...(o.last
    ? {
        lastState: {
          terminated: {
            reason: o.last.reason,
            exitCode: o.last.exitCode,
            startedAt: ago(o.last.started) as never,
            finishedAt: ago(o.last.finished) as never,
            containerID: `containerd://${'a'.repeat(64)}`,
            ...(o.last.message ? { message: o.last.message } : {}),
          },
        },
      }
    : {}),
});
export const running = (name: string, since: number, o: StatusOptions = {}): V1ContainerStatus => ({
  ...base(name, { ready: true, started: true, ...o }),
  state: { running: { startedAt: ago(since) as never } },
  containerID: `containerd://${'b'.repeat(64)}`,
});
export const waiting = (name: string, reason: string, message: string | undefined, o: StatusOptions = {}): V1ContainerStatus => ({
  ...base(name, { started: false, ...o }),
  state: { waiting: { reason, ...(message !== undefined ? { message } : {}) } },
});
export const terminated = (
  name: string,
  t: { reason: string; exitCode: number; started: number; finished: number; message?: string },
  o: StatusOptions = {},
): V1ContainerStatus => ({
  ...base(name, { started: false, ...o }),
  state: {
    terminated: {
      reason: t.reason,
      exitCode: t.exitCode,
      startedAt: ago(t.started) as never,
      finishedAt: ago(t.finished) as never,
      ...(t.message ? { message: t.message } : {}),
    },
  },
});

export interface EventOptions {
  type?: 'Normal' | 'Warning';
  count?: number;
  first?: number;
  last?: number;
  container?: string;
  init?: boolean;
  component?: string;
}
/** A core/v1 Event about a pod, as the kubelet's or a controller's recorder writes it. */
export function event(p: V1Pod, reason: string, message: string, o: EventOptions = {}): CoreV1Event {
  const ns = p.metadata!.namespace!;
  const name = p.metadata!.name!;
  const component = o.component ?? 'kubelet';
  const metadata = {
    name: `${name}.${(serial++).toString(16).padStart(16, '1')}`,
    namespace: ns,
    uid: uid(`${name}-${reason}`),
    creationTimestamp: ago(o.first ?? 60) as never,
  };
  if (component === 'default-scheduler') {
    // the scheduler records through events.k8s.io/v1: the core/v1 view has no first/last
    // timestamps but eventTime, and repeats as a series
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata,
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name, namespace: ns, uid: p.metadata!.uid },
      reason,
      message,
      type: o.type ?? 'Warning',
      action: 'Scheduling',
      eventTime: new Date(Date.parse(ago(o.first ?? 60))).toISOString().replace('Z', '000Z') as never,
      firstTimestamp: null as never,
      lastTimestamp: null as never,
      ...((o.count ?? 1) > 1
        ? {
            series: {
              count: o.count,
              lastObservedTime: new Date(Date.parse(ago(o.last ?? 10))).toISOString().replace('Z', '000Z'),
            } as never,
          }
        : {}),
      source: {},
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane',
    };
  }
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata,
    involvedObject: {
      apiVersion: 'v1',
      kind: 'Pod',
      name,
      namespace: ns,
      uid: p.metadata!.uid,
      ...(o.container ? { fieldPath: `spec.${o.init ? 'initContainers' : 'containers'}{${o.container}}` } : {}),
    },
    reason,
    message,
    type: o.type ?? 'Warning',
    count: o.count ?? 1,
    firstTimestamp: ago(o.first ?? 60) as never,
    lastTimestamp: ago(o.last ?? 10) as never,
    source: { component, ...(component === 'kubelet' ? { host: p.spec?.nodeName } : {}) },
    reportingComponent: component,
    reportingInstance: component === 'kubelet' ? (p.spec?.nodeName ?? '') : '',
  };
}

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  extra?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  /** Ready condition: status, reason, message (nodestatus/setters.go, node lifecycle controller) */
  ready?: { status: 'True' | 'False' | 'Unknown'; reason: string; message: string; since?: number };
  pressure?: ('MemoryPressure' | 'DiskPressure' | 'PIDPressure')[];
  unschedulable?: boolean;
}
export function node(name: string, o: NodeOptions = {}): V1Node {
  const ready = o.ready ?? { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' };
  const p = new Set(o.pressure ?? []);
  const cond = (type: string, on: boolean, yes: [string, string], no: [string, string]) => ({
    type,
    status: ready.status === 'Unknown' ? 'Unknown' : on ? 'True' : 'False',
    reason: ready.status === 'Unknown' ? 'NodeStatusUnknown' : (on ? yes : no)[0],
    message: ready.status === 'Unknown' ? 'Kubelet stopped posting node status.' : (on ? yes : no)[1],
    lastHeartbeatTime: ago(ready.status === 'Unknown' ? 400 : 20),
    lastTransitionTime: ago(ready.since ?? 86400),
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: uid(name),
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': 'zone-a', ...o.labels },
      creationTimestamp: ago(864000) as never,
    },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: { cpu: o.cpu ?? '8', memory: o.memory ?? '32Gi', pods: o.pods ?? '110', 'ephemeral-storage': '100Gi', ...o.extra },
      allocatable: { cpu: o.cpu ?? '8', memory: o.memory ?? '32Gi', pods: o.pods ?? '110', 'ephemeral-storage': '100Gi', ...o.extra },
      conditions: [
        cond(
          'MemoryPressure',
          p.has('MemoryPressure'),
          ['KubeletHasInsufficientMemory', 'kubelet has insufficient memory available'],
          ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
        ),
        cond(
          'DiskPressure',
          p.has('DiskPressure'),
          ['KubeletHasDiskPressure', 'kubelet has disk pressure'],
          ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
        ),
        cond(
          'PIDPressure',
          p.has('PIDPressure'),
          ['KubeletHasInsufficientPID', 'kubelet has insufficient PID available'],
          ['KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
        ),
        {
          type: 'Ready',
          status: ready.status,
          reason: ready.reason,
          message: ready.message,
          lastHeartbeatTime: ago(ready.status === 'Unknown' ? 400 : 20) as never,
          lastTransitionTime: ago(ready.since ?? 86400) as never,
        },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.36.3',
        containerRuntimeVersion: 'containerd://2.1.4',
        osImage: 'Debian GNU/Linux 13',
        kernelVersion: '6.12.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
        bootID: '',
        machineID: '',
        systemUUID: '',
        kubeProxyVersion: '',
      },
    },
  } as unknown as V1Node;
}

/** A Deployment with its ReplicaSets (newest last), as the deployment controller keeps them. */
export function deployment(
  namespace: string,
  name: string,
  revisions: { hash: string; image: string; replicas: number; ready: number; env?: Record<string, string> }[],
  o: { replicas?: number; available?: number } = {},
) {
  const depUid = uid(name);
  const template = (r: (typeof revisions)[number]) => ({
    metadata: { labels: { app: name, 'pod-template-hash': r.hash } },
    spec: { containers: [container(name, r.image, r.env ? { env: Object.entries(r.env).map(([k, v]) => ({ name: k, value: v })) } : {})] },
  });
  const newest = revisions.at(-1)!;
  const want = o.replicas ?? newest.replicas;
  const dep: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      uid: depUid,
      generation: revisions.length,
      annotations: { 'deployment.kubernetes.io/revision': String(revisions.length) },
      creationTimestamp: ago(86400) as never,
    },
    spec: {
      replicas: want,
      selector: { matchLabels: { app: name } },
      template: template(newest) as never,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    },
    status: {
      observedGeneration: revisions.length,
      replicas: revisions.reduce((n, r) => n + r.replicas, 0),
      updatedReplicas: newest.replicas,
      readyReplicas: revisions.reduce((n, r) => n + r.ready, 0),
      availableReplicas: o.available ?? revisions.reduce((n, r) => n + r.ready, 0),
      unavailableReplicas: Math.max(0, want - (o.available ?? revisions.reduce((n, r) => n + r.ready, 0))),
      conditions: [
        (o.available ?? want) >= want
          ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
          : {
              type: 'Available',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          message: `ReplicaSet "${name}-${newest.hash}" is progressing.`,
        },
      ] as never,
    },
  };
  const sets: V1ReplicaSet[] = revisions.map((r, i) => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${r.hash}`,
      namespace,
      uid: uid(`${name}-${r.hash}`),
      labels: { app: name, 'pod-template-hash': r.hash },
      annotations: { 'deployment.kubernetes.io/revision': String(i + 1), 'deployment.kubernetes.io/desired-replicas': String(want) },
      ownerReferences: [ref({ kind: 'Deployment', name, uid: depUid })],
      creationTimestamp: ago(86400 - i * 3600 * 20) as never,
    },
    spec: { replicas: r.replicas, selector: { matchLabels: { app: name, 'pod-template-hash': r.hash } }, template: template(r) as never },
    status: { replicas: r.replicas, readyReplicas: r.ready, availableReplicas: r.ready, observedGeneration: 1 },
  }));
  return {
    deployment: dep,
    replicaSets: sets,
    owner: (i = revisions.length - 1) => ({ kind: 'ReplicaSet', name: sets[i].metadata!.name!, uid: sets[i].metadata!.uid }),
  };
}

export function job(
  namespace: string,
  name: string,
  o: {
    backoffLimit?: number;
    failed?: number;
    succeeded?: number;
    active?: number;
    completions?: number;
    deadline?: number;
    failedCondition?: { type?: 'Failed' | 'FailureTarget'; reason: string; message: string };
    cronJob?: string;
    indexed?: boolean;
  },
) {
  const j: V1Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace,
      uid: uid(name),
      creationTimestamp: ago(1800) as never,
      ...(o.cronJob ? { ownerReferences: [ref({ kind: 'CronJob', name: o.cronJob })] } : {}),
    },
    spec: {
      backoffLimit: o.backoffLimit ?? 6,
      completions: o.completions ?? 1,
      parallelism: 1,
      ...(o.indexed ? { completionMode: 'Indexed', backoffLimitPerIndex: 1 } : {}),
      ...(o.deadline ? { activeDeadlineSeconds: o.deadline } : {}),
      template: { spec: { restartPolicy: 'Never', containers: [container('main', 'ghcr.io/acme/batch:3.1')] } },
    },
    status: {
      startTime: ago(1800) as never,
      failed: o.failed ?? 0,
      succeeded: o.succeeded ?? 0,
      active: o.active ?? 0,
      ...(o.failedCondition
        ? {
            conditions: [
              {
                type: o.failedCondition.type ?? 'Failed',
                status: 'True',
                reason: o.failedCondition.reason,
                message: o.failedCondition.message,
                lastTransitionTime: ago(120) as never,
                lastProbeTime: ago(120) as never,
              },
            ],
          }
        : {}),
    },
  };
  return { job: j, owner: { kind: 'Job', name, uid: j.metadata!.uid } };
}

export function cronJob(namespace: string, name: string, schedule = '0 * * * *'): V1CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace, uid: uid(name), creationTimestamp: ago(864000) as never },
    spec: {
      schedule,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [container('main', 'ghcr.io/acme/batch:3.1')] } } } },
    },
    status: { lastScheduleTime: ago(1800) as never },
  };
}

export function pvc(
  namespace: string,
  name: string,
  o: { phase?: 'Pending' | 'Bound' | 'Lost'; storageClass?: string; volume?: string } = {},
): V1PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace, uid: uid(name), finalizers: ['kubernetes.io/pvc-protection'], creationTimestamp: ago(3600) as never },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      volumeMode: 'Filesystem',
      ...(o.storageClass ? { storageClassName: o.storageClass } : {}),
      ...(o.volume ? { volumeName: o.volume } : {}),
    },
    status: {
      phase: o.phase ?? 'Bound',
      ...(o.phase === 'Bound' || !o.phase ? { accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } } : {}),
    },
  };
}

export const storageClass = (name: string, provisioner = 'ebs.csi.aws.com', mode = 'WaitForFirstConsumer'): V1StorageClass => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, uid: uid(name) },
  provisioner,
  reclaimPolicy: 'Delete',
  volumeBindingMode: mode,
});

export const configMap = (namespace: string, name: string, data: Record<string, string>): V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, uid: uid(name) },
  data,
});

/** A List of mixed kinds, as `kubectl get pod,rs,deploy,… -o json` prints it. */
export const list = (origin: string, ...items: unknown[]): KubeDocument => ({
  origin,
  value: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items },
});
/** A typed list of one kind in one namespace (a cluster-info dump file); items without kind. */
export const typedList = (origin: string, kind: string, namespace: string | undefined, items: unknown[]): KubeDocument => ({
  origin,
  namespace,
  value: {
    apiVersion: 'v1',
    kind: `${kind}List`,
    metadata: { resourceVersion: '1234' },
    items: items.map((i) => ({ ...(i as object), kind: undefined, apiVersion: undefined })),
  },
});
export const single = (origin: string, o: unknown): KubeDocument => ({ origin, value: o });
