// Pods ended from outside their containers: kubelet evictions of every kind, admission refusals,
// preemption, a node lost or NotReady, graceful node shutdown, the Eviction API, PodGC, and a pod
// past its activeDeadlineSeconds. The messages follow docs/kubernetes-failure-records.md §1–§9.
import type { V1PodCondition } from '@kubernetes/client-node';
import { ago, container, event, list, node, notReadyConditions, pod, running, terminated } from './build';
import type { CorpusCase } from './case';

const EVICTION = 'pkg/kubelet/eviction/helpers.go (evictionMessage, message formats), eviction_manager.go (evictPod)';
const failedConditions = (dt?: { reason: string; message: string }): V1PodCondition[] => [
  ...(dt
    ? [{ type: 'DisruptionTarget', status: 'True', reason: dt.reason, message: dt.message, lastTransitionTime: ago(300) as never }]
    : []),
  { type: 'Initialized', status: 'True', lastTransitionTime: ago(3600) as never },
  { type: 'Ready', status: 'False', reason: 'PodFailed', lastTransitionTime: ago(290) as never },
  { type: 'ContainersReady', status: 'False', reason: 'PodFailed', lastTransitionTime: ago(290) as never },
  { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(3600) as never },
];
const rs = (name: string) => ({ kind: 'ReplicaSet', name });

/** A pod the kubelet evicted: status, DisruptionTarget (node-pressure only), the Evicted event. */
function evicted(
  ns: string,
  name: string,
  message: string,
  o: { pressure?: boolean; containerState?: 'sigkill' | 'unknown'; node?: Parameters<typeof node>[1] },
) {
  const state =
    o.containerState === 'unknown'
      ? terminated('app', {
          reason: 'ContainerStatusUnknown',
          exitCode: 137,
          started: 0,
          finished: 0,
          message: 'The container could not be located when the pod was terminated',
        })
      : terminated('app', { reason: 'Error', exitCode: 137, started: 7200, finished: 295 });
  if (o.containerState === 'unknown') delete (state.state!.terminated as { startedAt?: unknown }).startedAt;
  const p = pod(ns, name, {
    phase: 'Failed',
    reason: 'Evicted',
    message,
    owner: rs(name.split('-').slice(0, -1).join('-')),
    conditions: failedConditions(o.pressure ? { reason: 'TerminationByKubelet', message } : undefined),
    statuses: [state],
    created: 7300,
  });
  return {
    p,
    docs: [
      p,
      event(p, 'Evicted', message, { first: 300, last: 300 }),
      event(p, 'Killing', 'Stopping container app', { type: 'Normal', container: 'app', first: 299, last: 299 }),
      node('worker-1', o.node),
    ],
  };
}

export const disruptionCases: CorpusCase[] = [
  (() => {
    const msg =
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 85424Ki. Container app was using 1432Mi, request is 512Mi, has larger consumption of memory. ';
    const { docs } = evicted('shop', 'cart-6b7c8d9e5f-a1b2c', msg, { pressure: true, node: { pressure: ['MemoryPressure'] } });
    return {
      name: 'evicted for node memory pressure: the eviction leads, the SIGKILL is its consequence',
      source: EVICTION,
      documents: [list('get.json', ...docs)],
      pod: 'shop/cart-6b7c8d9e5f-a1b2c',
      expect: {
        primary: 'node.evicted',
        chain: ['crash.sigkill'],
        title: [/node worker-1/, /low on memory/, /"app" was using 1432Mi against a request of 512Mi/],
        command: /set resources deployment\/cart -c app --requests=memory=1432Mi/,
      },
    };
  })(),
  (() => {
    const msg =
      'The node was low on resource: ephemeral-storage. Threshold quantity: 2146223340, available: 1883424Ki. Container app was using 10304Ki, request is 10Mi, has larger consumption of ephemeral-storage. ';
    const { docs } = evicted('build', 'runner-5f6a7b8c9d-x1y2z', msg, {
      pressure: true,
      containerState: 'unknown',
      node: { pressure: ['DiskPressure'] },
    });
    return {
      name: 'evicted for node disk pressure, its container lost (ContainerStatusUnknown)',
      source: `${EVICTION}; pkg/kubelet/status/status_manager.go TerminatePod (ContainerStatusUnknown)`,
      documents: [list('get.json', ...docs)],
      pod: 'build/runner-5f6a7b8c9d-x1y2z',
      expect: { primary: 'node.evicted', chain: ['crash.status-unknown'], title: [/low on ephemeral-storage/] },
    };
  })(),
  (() => {
    const msg = 'The node was low on resource: pids. Threshold quantity: 1000, available: 812. ';
    const { docs } = evicted('shop', 'forker-7c8d9e0f1a-p9o8i', msg, { pressure: true, node: { pressure: ['PIDPressure'] } });
    return {
      name: 'evicted for node PID pressure (no per-container usage in the message)',
      source: EVICTION,
      documents: [list('get.json', ...docs)],
      pod: 'shop/forker-7c8d9e0f1a-p9o8i',
      expect: { primary: 'node.evicted', chain: ['crash.sigkill'], title: [/low on pids/], says: [/threshold 1000, 812 available/] },
    };
  })(),
  (() => {
    const msg = 'Container app exceeded its local ephemeral storage limit "500Mi". ';
    const { docs } = evicted('shop', 'thumbs-8d9e0f1a2b-q1w2e', msg, {});
    return {
      name: "evicted for exceeding its container's ephemeral-storage limit (no DisruptionTarget)",
      source: `${EVICTION} (containerEphemeralStorageLimitEviction)`,
      documents: [list('get.json', ...docs)],
      pod: 'shop/thumbs-8d9e0f1a2b-q1w2e',
      expect: { primary: 'node.evicted-storage', chain: ['crash.sigkill'], says: [/exceeded its local ephemeral storage limit "500Mi"/] },
    };
  })(),
  (() => {
    const msg = 'Usage of EmptyDir volume "cache" exceeds the limit "1Gi". ';
    const { docs } = evicted('shop', 'render-9e0f1a2b3c-r4t5y', msg, {});
    return {
      name: 'evicted for an emptyDir over its sizeLimit',
      source: `${EVICTION} (emptyDirLimitEviction)`,
      documents: [list('get.json', ...docs)],
      pod: 'shop/render-9e0f1a2b3c-r4t5y',
      expect: { primary: 'node.evicted-storage', says: [/EmptyDir volume "cache" exceeds the limit "1Gi"/] },
    };
  })(),
  (() => {
    const msg = 'Pod ephemeral local storage usage exceeds the total limit of containers 2Gi. ';
    const { docs } = evicted('shop', 'export-0f1a2b3c4d-u7i8o', msg, {});
    return {
      name: "evicted for the pod's total ephemeral storage over its containers' limits",
      source: `${EVICTION} (podEphemeralStorageLimitEviction)`,
      documents: [list('get.json', ...docs)],
      pod: 'shop/export-0f1a2b3c4d-u7i8o',
      expect: { primary: 'node.evicted-storage', says: [/exceeds the total limit of containers 2Gi/] },
    };
  })(),
  (() => {
    // rejectPod: status.message "Pod was rejected: " + the admit handler's message; the event has it bare
    const p = pod('logging', 'fluent-bit-x7k2p', {
      phase: 'Failed',
      reason: 'Evicted',
      message: 'Pod was rejected: The node had condition: [DiskPressure]. ',
      owner: { kind: 'DaemonSet', name: 'fluent-bit' },
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: ago(60) as never }],
      created: 60,
    });
    return {
      name: 'refused at admission: the node is under DiskPressure (reason Evicted, but never ran)',
      source: 'pkg/kubelet/kubelet.go rejectPod; pkg/kubelet/eviction/eviction_manager.go Admit (nodeConditionMessageFmt)',
      documents: [
        list(
          'get.json',
          p,
          event(p, 'Evicted', 'The node had condition: [DiskPressure]. '),
          node('worker-1', { pressure: ['DiskPressure'] }),
        ),
      ],
      pod: 'logging/fluent-bit-x7k2p',
      expect: { primary: 'node.admission-rejected', title: [/the node had DiskPressure/], never: ['node.evicted'] },
    };
  })(),
  (() => {
    const p = pod('monitoring', 'node-exporter-q9w8e', {
      phase: 'Failed',
      reason: 'OutOfcpu',
      message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 6500, capacity: 8000",
      owner: { kind: 'DaemonSet', name: 'node-exporter' },
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: ago(60) as never }],
      created: 60,
    });
    return {
      name: 'refused at admission: OutOfcpu (bound past the scheduler)',
      source: 'pkg/kubelet/lifecycle/predicate.go (InsufficientResourceError.Error)',
      documents: [
        list(
          'get.json',
          p,
          event(p, 'OutOfcpu', "Node didn't have enough resource: cpu, requested: 3000, used: 6500, capacity: 8000"),
          node('worker-1'),
        ),
      ],
      pod: 'monitoring/node-exporter-q9w8e',
      expect: { primary: 'node.admission-rejected', title: [/not enough cpu \(requested 3000, used 6500 of 8000\)/] },
    };
  })(),
  (() => {
    const p = pod('net', 'tuned-proxy-5d6f7', {
      phase: 'Failed',
      reason: 'SysctlForbidden',
      message: 'Pod was rejected: forbidden sysctl: "net.core.somaxconn" not allowlisted',
      owner: { kind: 'ReplicaSet', name: 'tuned-proxy-6c7d8e9f0a' },
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: ago(60) as never }],
      created: 60,
    });
    return {
      name: 'refused at admission: a sysctl the kubelet does not allow',
      source: 'pkg/kubelet/sysctl/allowlist.go (patternAllowlist.Admit)',
      documents: [
        list('get.json', p, event(p, 'SysctlForbidden', 'forbidden sysctl: "net.core.somaxconn" not allowlisted'), node('worker-1')),
      ],
      pod: 'net/tuned-proxy-5d6f7',
      expect: { primary: 'node.admission-rejected', says: [/forbidden sysctl: "net\.core\.somaxconn" not allowlisted/] },
    };
  })(),
  (() => {
    const p = pod('batch', 'reindex-6f7a8b9c0d-l5k4j', {
      owner: rs('reindex-6f7a8b9c0d'),
      deletion: { at: -25, grace: 30 },
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'PreemptionByScheduler',
          message: 'default-scheduler: preempting to accommodate a higher priority pod',
          lastTransitionTime: ago(5) as never,
        },
        ...notReadyConditions(['app'], 5).slice(1),
      ],
      statuses: [running('app', 3000)],
    });
    return {
      name: 'preempted by the scheduler for a higher-priority pod',
      source: 'pkg/scheduler/framework/preemption/preemption.go (PreemptPod: DisruptionTarget, the Preempted event)',
      documents: [
        list(
          'get.json',
          p,
          event(p, 'Preempted', 'Preempted by pod 64d6df7b-1106-4f83-9e78-0d8aad437582 on node worker-1', {
            type: 'Normal',
            component: 'default-scheduler',
            first: 5,
            last: 5,
          }),
          event(p, 'Killing', 'Stopping container app', { type: 'Normal', container: 'app', first: 4, last: 4 }),
          node('worker-1'),
        ),
      ],
      pod: 'batch/reindex-6f7a8b9c0d-l5k4j',
      expect: { primary: 'node.preempted', title: [/Preempted on node worker-1/] },
    };
  })(),
  (() => {
    const lost = node('worker-3', {
      ready: { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', since: 420 },
      taints: [
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      ],
    });
    const p = pod('shop', 'web-7d9f8c6b5-w3e4r', {
      node: 'worker-3',
      owner: rs('web-7d9f8c6b5'),
      deletion: { at: 100, grace: 30 },
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
          lastTransitionTime: ago(130) as never,
        },
        { type: 'Ready', status: 'False', lastTransitionTime: ago(415) as never },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(3600) as never },
      ],
      statuses: [running('app', 3000)],
    });
    return {
      name: 'node lost: the taint eviction and the deletion that cannot finish hang under it',
      source:
        'pkg/controller/nodelifecycle/node_lifecycle_controller.go (NodeStatusUnknown, MarkPodsNotReady); pkg/controller/tainteviction/taint_eviction.go',
      documents: [
        list(
          'get.json',
          p,
          event(p, 'NodeNotReady', 'Node is not ready', { component: 'node-controller', first: 415, last: 415 }),
          event(p, 'TaintManagerEviction', 'Marking for deletion Pod shop/web-7d9f8c6b5-w3e4r', {
            type: 'Normal',
            component: 'taint-eviction-controller',
            first: 130,
            last: 130,
          }),
          lost,
          node('worker-1'),
        ),
      ],
      pod: 'shop/web-7d9f8c6b5-w3e4r',
      expect: { primary: 'node.lost', chain: ['node.taint-evicted', 'termination.stuck'], title: [/worker-3 stopped reporting/] },
    };
  })(),
  (() => {
    const sick = node('worker-2', {
      ready: {
        status: 'False',
        reason: 'KubeletNotReady',
        message:
          'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
        since: 200,
      },
    });
    const p = pod('shop', 'api-5c6d7e8f9a-z1x2c', {
      node: 'worker-2',
      owner: rs('api-5c6d7e8f9a'),
      conditions: [
        { type: 'Ready', status: 'False', lastTransitionTime: ago(195) as never },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: ago(3500) as never },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(3600) as never },
      ],
      statuses: [running('app', 3000)],
    });
    return {
      name: 'node NotReady: its network plugin is not ready',
      source: 'pkg/kubelet/nodestatus/setters.go (KubeletNotReady); pkg/controller/util/node/controller_utils.go MarkPodsNotReady',
      documents: [
        list('get.json', p, event(p, 'NodeNotReady', 'Node is not ready', { component: 'node-controller', first: 195, last: 195 }), sick),
      ],
      pod: 'shop/api-5c6d7e8f9a-z1x2c',
      expect: { primary: 'node.not-ready', title: [/worker-2 is NotReady \(KubeletNotReady\)/], says: [/cni plugin not initialized/] },
    };
  })(),
  (() => {
    const msg = 'Pod was terminated in response to imminent node shutdown.';
    const p = pod('shop', 'search-4b5c6d7e8f-v6b7n', {
      phase: 'Failed',
      reason: 'Terminated',
      message: msg,
      owner: rs('search-4b5c6d7e8f'),
      conditions: failedConditions({ reason: 'TerminationByKubelet', message: msg }),
      statuses: [terminated('app', { reason: 'Error', exitCode: 143, started: 5000, finished: 120 })],
    });
    return {
      name: 'stopped by a graceful node shutdown',
      source: 'pkg/kubelet/nodeshutdown/nodeshutdown_manager.go (nodeShutdownReason, nodeShutdownMessage)',
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'shop/search-4b5c6d7e8f-v6b7n',
      expect: { primary: 'node.shutdown', chain: ['crash.app-error'] },
    };
  })(),
  (() => {
    const p = pod('shop', 'cart-6b7c8d9e5f-d3f4g', {
      owner: rs('cart-6b7c8d9e5f'),
      deletion: { at: -27, grace: 30 },
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'EvictionByEvictionAPI',
          message: 'Eviction API: evicting',
          lastTransitionTime: ago(3) as never,
        },
        ...notReadyConditions(['app'], 3).slice(1),
      ],
      statuses: [running('app', 3000)],
    });
    return {
      name: 'evicted through the Eviction API (a drain)',
      source: 'pkg/registry/core/pod/storage/eviction.go (EvictionByEvictionAPI)',
      documents: [list('get.json', p, node('worker-1', { unschedulable: true }))],
      pod: 'shop/cart-6b7c8d9e5f-d3f4g',
      expect: { primary: 'node.api-evicted' },
    };
  })(),
  (() => {
    const p = pod('batch', 'etl-29012345-h8j9k', {
      node: 'worker-9',
      phase: 'Failed',
      restartPolicy: 'Never',
      owner: { kind: 'Job', name: 'etl-29012345' },
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByPodGC',
          message: 'PodGC: node no longer exists',
          lastTransitionTime: ago(20) as never,
        },
        ...notReadyConditions(['main'], 20).slice(1),
      ],
      containers: [container('main', 'ghcr.io/acme/batch:3.1')],
      statuses: [running('main', 2000)],
    });
    return {
      name: 'deleted by PodGC: its node no longer exists',
      source: 'pkg/controller/podgc/gc_controller.go (gcOrphaned, DeletionByPodGC)',
      documents: [list('get.json', p, node('worker-1'), node('worker-2'))],
      pod: 'batch/etl-29012345-h8j9k',
      expect: { primary: 'node.pod-gc', never: ['node.lost'] },
    };
  })(),
  (() => {
    const p = pod('batch', 'scraper-7x8c9', {
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
      restartPolicy: 'Never',
      spec: { activeDeadlineSeconds: 600 },
      conditions: failedConditions(),
      statuses: [terminated('app', { reason: 'Error', exitCode: 137, started: 700, finished: 95 })],
    });
    return {
      name: "past the pod's own activeDeadlineSeconds: the deadline leads, the kill follows",
      source: 'pkg/kubelet/active_deadline.go (reason DeadlineExceeded, its message)',
      documents: [
        list(
          'get.json',
          p,
          event(p, 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline', {
            type: 'Normal',
            count: 3,
            first: 100,
            last: 95,
          }),
          node('worker-1'),
        ),
      ],
      pod: 'batch/scraper-7x8c9',
      expect: { primary: 'job.pod-deadline', chain: ['crash.sigkill'], title: [/600s/] },
    };
  })(),
];
