// Pending pods: the scheduler's FailedScheduling event and PodScheduled=False condition
// (pkg/scheduler/schedule_one.go handleSchedulingFailure; the message is FitError.Error() in
// pkg/scheduler/framework/types.go: "0/N nodes are available: <reasons sorted as strings>."
// plus " preemption: …" from pkg/scheduler/framework/plugins/defaultpreemption), and claims the
// VolumeBinding plugin waits for (pkg/scheduler/framework/plugins/volumebinding/binder.go).
import { container, event, list, node, pod, pvc, storageClass, typedList, unschedulable } from './build';
import type { CorpusCase } from './case';

const SCHED = 'pkg/scheduler/schedule_one.go, pkg/scheduler/framework/types.go (FitError)';
const workers = (n: number, o: Parameters<typeof node>[1] = {}) => Array.from({ length: n }, (_, i) => node(`worker-${i + 1}`, o));
const fs = (p: ReturnType<typeof pod>, message: string, count = 12) =>
  event(p, 'FailedScheduling', message, { component: 'default-scheduler', count, first: 900, last: 30 });

function pending(ns: string, name: string, message: string, extra: Parameters<typeof pod>[2] = {}) {
  return pod(ns, name, { node: null, phase: 'Pending', conditions: unschedulable(message), created: 900, ...extra });
}

const claimPod = (ns: string, message: string) =>
  pending(ns, 'db-0', message, {
    containers: [container('postgres', 'postgres:17.2', { volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] })],
    spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
    owner: { kind: 'StatefulSet', name: 'db' },
  });

export const schedulingCases: CorpusCase[] = [
  (() => {
    const msg =
      '0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient memory. preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.';
    const p = pending('analytics', 'spark-driver-7f9c6d5b8-x2k8q', msg, {
      owner: { kind: 'ReplicaSet', name: 'spark-driver-7f9c6d5b8' },
      containers: [
        container('driver', 'apache/spark:3.5.3', { resources: { requests: { cpu: '2', memory: '48Gi' }, limits: { memory: '48Gi' } } }),
      ],
    });
    const cp = node('control-plane', { memory: '16Gi', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    return {
      name: 'pending: no node can ever fit it, although a taint is also named',
      source: SCHED,
      documents: [list('get.json', p, fs(p, msg), cp, ...workers(4))],
      pod: 'analytics/spark-driver-7f9c6d5b8-x2k8q',
      expect: {
        primary: 'scheduling.unschedulable',
        title: [/can never be scheduled/, /48(\.0)?Gi memory/, /largest: 32(\.0)?Gi/],
        says: [/^the pod requests 48(\.0)?Gi memory, more than the largest node's allocatable/],
        command: /set resources deployment\/spark-driver -c driver --requests='memory=<less>'/,
      },
    };
  })(),
  (() => {
    const msg =
      '0/3 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const p = claimPod('payments', msg);
    return {
      name: 'pending: its claim does not exist (the claims were listed)',
      source: `${SCHED}; volumebinding.go podHasPVCs (the lister's NotFound error)`,
      documents: [list('get.json', p, fs(p, msg), ...workers(3)), typedList('pvcs.json', 'PersistentVolumeClaim', 'payments', [])],
      pod: 'payments/db-0',
      expect: {
        primary: 'volume.claim-missing',
        chain: ['scheduling.unschedulable'],
        title: [/PersistentVolumeClaim "data" does not exist/],
      },
    };
  })(),
  (() => {
    const msg =
      '0/3 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const p = claimPod('payments', msg);
    return {
      name: 'pending: its claim could not be looked at (no claims in the files): no "does not exist"',
      source: SCHED,
      documents: [list('get.json', p, fs(p, msg), ...workers(3))],
      pod: 'payments/db-0',
      expect: {
        primary: 'scheduling.unschedulable',
        confidence: 'medium',
        unknowns: /kubectl get pvc data -n payments -o json/,
        says: [/the scheduler's last try said: persistentvolumeclaim "data" not found/],
        never: ['volume.claim-missing'],
      },
    };
  })(),
  (() => {
    const msg =
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const p = claimPod('payments', msg);
    return {
      name: 'pending: its claim names a StorageClass that does not exist',
      source: `${SCHED}; binder.go ErrUnboundImmediatePVC`,
      documents: [
        list(
          'get.json',
          p,
          fs(p, msg),
          pvc('payments', 'data', { phase: 'Pending', storageClass: 'fast-ssd' }),
          storageClass('standard'),
          ...workers(3),
        ),
      ],
      pod: 'payments/db-0',
      expect: {
        primary: 'volume.claim-pending',
        chain: ['scheduling.unschedulable'],
        title: [/"data" is Pending/, /"fast-ssd" names a StorageClass that does not exist/],
      },
    };
  })(),
  (() => {
    const msg =
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const p = claimPod('payments', msg);
    return {
      name: 'pending: its claim waits for a provisioner that does not provision',
      source: `${SCHED}; pkg/controller/volume/persistentvolume (ExternalProvisioning)`,
      documents: [
        list(
          'get.json',
          p,
          fs(p, msg),
          pvc('payments', 'data', { phase: 'Pending', storageClass: 'nfs' }),
          storageClass('nfs', 'nfs.csi.k8s.io', 'Immediate'),
          ...workers(3),
        ),
      ],
      pod: 'payments/db-0',
      expect: { primary: 'volume.claim-pending', chain: ['scheduling.unschedulable'], says: [/provisioner nfs\.csi\.k8s\.io/] },
    };
  })(),
  (() => {
    const msg =
      '0/3 nodes are available: persistentvolumeclaim "data" bound to non-existent persistentvolume "pvc-3f1c2b9e-5a77-4b0e-9d1e-2c6f8a4b7e10". preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const p = claimPod('payments', msg);
    return {
      name: 'pending: its claim lost its volume',
      source: `${SCHED}; volumebinding.go podHasPVCs (bound to non-existent persistentvolume)`,
      documents: [
        list(
          'get.json',
          p,
          fs(p, msg),
          pvc('payments', 'data', { phase: 'Lost', storageClass: 'standard', volume: 'pvc-3f1c2b9e-5a77-4b0e-9d1e-2c6f8a4b7e10' }),
          storageClass('standard'),
          ...workers(3),
        ),
      ],
      pod: 'payments/db-0',
      expect: { primary: 'volume.claim-lost', chain: ['scheduling.unschedulable'], title: [/"data" is Lost/, /pvc-3f1c2b9e/] },
    };
  })(),
  (() => {
    const msg =
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    const p = pending('search', 'indexer-6d5f8c7b9-q7w2e', msg, {
      owner: { kind: 'ReplicaSet', name: 'indexer-6d5f8c7b9' },
      spec: { nodeSelector: { disktype: 'nvme' } },
    });
    return {
      name: 'pending: its nodeSelector matches no node',
      source: `${SCHED}; nodeaffinity ErrReasonPod`,
      documents: [list('get.json', p, fs(p, msg), ...workers(3))],
      pod: 'search/indexer-6d5f8c7b9-q7w2e',
      expect: { primary: 'scheduling.unschedulable', title: [/can never be scheduled/, /disktype=nvme/] },
    };
  })(),
  (() => {
    const msg =
      "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.";
    const p = pending('cache', 'redis-2', msg, { owner: { kind: 'StatefulSet', name: 'redis' } });
    return {
      name: 'pending: pod anti-affinity leaves no node (3 replicas, 2 nodes)',
      source: `${SCHED}; interpodaffinity ErrReasonAntiAffinityRulesNotMatch`,
      documents: [list('get.json', p, fs(p, msg), ...workers(2))],
      pod: 'cache/redis-2',
      expect: { primary: 'scheduling.unschedulable', title: [/anti-affinity/] },
    };
  })(),
  (() => {
    const msg =
      '0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const p = pending('ml', 'trainer-0', msg, {
      owner: { kind: 'StatefulSet', name: 'trainer' },
      containers: [
        container('trainer', 'nvcr.io/nvidia/pytorch:25.01-py3', {
          resources: { requests: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } },
        }),
      ],
    });
    return {
      name: 'pending: no node offers the GPU it requests',
      source: `${SCHED}; noderesources fit.go (Insufficient <resource>)`,
      documents: [list('get.json', p, fs(p, msg), ...workers(3))],
      pod: 'ml/trainer-0',
      expect: { primary: 'scheduling.unschedulable', title: [/can never be scheduled/, /no node offers nvidia\.com\/gpu/] },
    };
  })(),
  (() => {
    const msg =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const p = pending('shop', 'checkout-5c7d9f8b6-m4n5p', msg, {
      owner: { kind: 'ReplicaSet', name: 'checkout-5c7d9f8b6' },
      containers: [container('checkout', 'ghcr.io/acme/checkout:2.0.1', { resources: { requests: { cpu: '6', memory: '1Gi' } } })],
    });
    return {
      name: 'pending: the nodes could not be read (offline, no nodes given)',
      source: SCHED,
      documents: [list('get.json', p, fs(p, msg))],
      pod: 'shop/checkout-5c7d9f8b6-m4n5p',
      expect: {
        primary: 'scheduling.unschedulable',
        confidence: 'medium',
        unknowns: /kubectl get nodes -o json/,
        title: [/not enough free CPU/],
      },
    };
  })(),
  (() => {
    const msg =
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    const p = pending('shop', 'checkout-5c7d9f8b6-m4n5p', msg, {
      owner: { kind: 'ReplicaSet', name: 'checkout-5c7d9f8b6' },
      containers: [container('checkout', 'ghcr.io/acme/checkout:2.0.1', { resources: { requests: { cpu: '6', memory: '1Gi' } } })],
    });
    return {
      name: 'pending: full nodes and a cordoned one (it would fit an empty node)',
      source: SCHED,
      documents: [list('get.json', p, fs(p, msg), node('worker-1', { unschedulable: true }), node('worker-2'), node('worker-3'))],
      pod: 'shop/checkout-5c7d9f8b6-m4n5p',
      expect: {
        primary: 'scheduling.unschedulable',
        title: [/cannot be scheduled/, /not enough free CPU/, /cordoned/],
        says: [/requests 6 CPU/],
      },
    };
  })(),
  (() => {
    const msg =
      "0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    const p = pending('ingress', 'edge-proxy-8b7c6d5f4-z9y8x', msg, { owner: { kind: 'ReplicaSet', name: 'edge-proxy-8b7c6d5f4' } });
    return {
      name: 'pending: the hostPort it asks for is taken everywhere',
      source: `${SCHED}; nodeports ErrReason`,
      documents: [list('get.json', p, fs(p, msg), ...workers(3))],
      pod: 'ingress/edge-proxy-8b7c6d5f4-z9y8x',
      expect: { primary: 'scheduling.unschedulable', title: [/host port/] },
    };
  })(),
  (() => {
    const msg =
      "0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    const p = pending('shop', 'web-7d9f8c6b5-k2l3m', msg, { owner: { kind: 'ReplicaSet', name: 'web-7d9f8c6b5' } });
    return {
      name: 'pending: topology spread constraints cannot be met',
      source: `${SCHED}; podtopologyspread ErrReasonConstraintsNotMatch`,
      documents: [list('get.json', p, fs(p, msg), ...workers(3))],
      pod: 'shop/web-7d9f8c6b5-k2l3m',
      expect: { primary: 'scheduling.unschedulable', title: [/topology spread/] },
    };
  })(),
  (() => {
    // in 1.33–1.36 a successful preemption leaves no "preemption:" suffix; the nomination says it
    const msg = '0/3 nodes are available: 3 Insufficient cpu.';
    const p = pending('critical', 'payments-api-6c5d4b3a2-p0o9i', msg, {
      owner: { kind: 'ReplicaSet', name: 'payments-api-6c5d4b3a2' },
      nominatedNodeName: 'worker-2',
      containers: [container('api', 'ghcr.io/acme/payments:9.1.0', { resources: { requests: { cpu: '3', memory: '2Gi' } } })],
      spec: { priorityClassName: 'business-critical', priority: 1000000 },
    });
    return {
      name: 'pending: preempting lower-priority pods on its nominated node',
      source: `${SCHED}; pkg/scheduler/framework/preemption/preemption.go (nominatedNodeName)`,
      documents: [list('get.json', p, fs(p, msg, 2), ...workers(3))],
      pod: 'critical/payments-api-6c5d4b3a2-p0o9i',
      expect: {
        primary: 'scheduling.unschedulable',
        title: [/waiting for preemption on node worker-2/],
        says: [/preempting lower-priority pods on node worker-2/],
      },
    };
  })(),
];
