// Resource usage for the simulated pods and nodes, as a kubelet's /metrics/resource endpoint
// reports it, so that a real metrics-server (and through it the Metrics API, kubectl top and
// Podscope) sees believable numbers. kwok serves the endpoint from a Metric document and takes
// the numbers from ClusterResourceUsage documents; both are written here, from what we want each
// scenario's usage to look like. This is simulation only: Podscope reads the Metrics API.
//
// The endpoint's format is the kubelet's (metrics-server parses exactly these names):
// node_cpu_usage_seconds_total, node_memory_working_set_bytes, container_cpu_usage_seconds_total,
// container_memory_working_set_bytes and container_start_time_seconds with container/pod/namespace
// labels, scrape_error. metrics-server drops a whole pod when any of its containers reports zero
// CPU or memory, so every container of every pod gets some usage.

/** The path kwok serves each node's endpoint on; the node's metrics.k8s.io/resource-metrics-path annotation names it. */
export const RESOURCE_METRICS_PATH = '/metrics/nodes/{nodeName}/metrics/resource';
export const resourceMetricsPath = (node: string) => RESOURCE_METRICS_PATH.replace('{nodeName}', node);

import { SIM } from './convention.ts';

const KWOK_API = 'kwok.x-k8s.io/v1alpha1';
const containerLabels = [
  { name: 'container', value: 'container.name' },
  { name: 'namespace', value: 'pod.metadata.namespace' },
  { name: 'pod', value: 'pod.metadata.name' },
];
const podLabels = containerLabels.slice(1);

/** Memory (MiB) the node's own daemons use on top of its pods (a kubelet's node working set includes them). */
export const NODE_SYSTEM_MIB: Record<string, number> = {
  // the small node (4Gi) runs close to its allocatable memory
  'worker-a1': 3300,
};
const DEFAULT_SYSTEM_MIB = 350;

function nodeMemoryExpression(): string {
  // node.Usage sums its pods; add what its system daemons use (in bytes: kwok's expressions add no Quantity to a number)
  const bytes = (mib: number) => `${mib * 1024 * 1024}.0`;
  let system = bytes(DEFAULT_SYSTEM_MIB);
  for (const [node, mib] of Object.entries(NODE_SYSTEM_MIB)) system = `(node.metadata.name == "${node}" ? ${bytes(mib)} : ${system})`;
  return `node.Usage("memory") + ${system}`;
}

export function resourceMetricsEndpoint(): object {
  return {
    apiVersion: KWOK_API,
    kind: 'Metric',
    metadata: { name: 'podscope-resource-metrics' },
    spec: {
      path: RESOURCE_METRICS_PATH,
      metrics: [
        { name: 'scrape_error', help: '1 if there was an error while getting container metrics, 0 otherwise', kind: 'gauge', value: '0' },
        {
          name: 'node_cpu_usage_seconds_total',
          help: 'Cumulative cpu time consumed by the node in core-seconds',
          kind: 'counter',
          dimension: 'node',
          // the node's system daemons use a little CPU too
          value: 'node.CumulativeUsage("cpu") + node.SinceSecond() * 0.05',
        },
        {
          name: 'node_memory_working_set_bytes',
          help: 'Current working set of the node in bytes',
          kind: 'gauge',
          dimension: 'node',
          value: nodeMemoryExpression(),
        },
        {
          name: 'pod_cpu_usage_seconds_total',
          help: 'Cumulative cpu time consumed by the pod in core-seconds',
          kind: 'counter',
          dimension: 'pod',
          labels: podLabels,
          value: 'pod.CumulativeUsage("cpu")',
        },
        {
          name: 'pod_memory_working_set_bytes',
          help: 'Current working set of the pod in bytes',
          kind: 'gauge',
          dimension: 'pod',
          labels: podLabels,
          value: 'pod.Usage("memory")',
        },
        {
          name: 'container_cpu_usage_seconds_total',
          help: 'Cumulative cpu time consumed by the container in core-seconds',
          kind: 'counter',
          dimension: 'container',
          labels: containerLabels,
          value: 'pod.CumulativeUsage("cpu", container.name)',
        },
        {
          name: 'container_memory_working_set_bytes',
          help: 'Current working set of the container in bytes',
          kind: 'gauge',
          dimension: 'container',
          labels: containerLabels,
          value: 'pod.Usage("memory", container.name)',
        },
        {
          name: 'container_start_time_seconds',
          help: 'Start time of the container since unix epoch in seconds',
          kind: 'gauge',
          dimension: 'container',
          labels: containerLabels,
          value: 'UnixSecond(pod.metadata.creationTimestamp)',
        },
      ],
    },
  };
}

/** The path kwok serves each node's cAdvisor-style endpoint on (CFS throttling counters; Prometheus scrapes it). */
export const CADVISOR_METRICS_PATH = '/metrics/nodes/{nodeName}/metrics/cadvisor';
export const cadvisorMetricsPath = (node: string) => CADVISOR_METRICS_PATH.replace('{nodeName}', node);

/**
 * The CFS counters cAdvisor exports per container: 100 ms periods since the container started,
 * and how many of them were throttled (the share a scenario sets, a constant so the counter only
 * grows; a kernel counts the periods in which the quota ran out).
 */
export function cadvisorMetricsEndpoint(): object {
  const age = '(UnixSecond(Now()) - UnixSecond(pod.metadata.creationTimestamp))';
  let share = '0.0';
  for (const [ns, shape] of Object.entries(SCENARIO_USAGE))
    if (shape.throttledShare) share = `(pod.metadata.namespace == "${ns}" ? ${shape.throttledShare.toFixed(2)} : ${share})`;
  return {
    apiVersion: KWOK_API,
    kind: 'Metric',
    metadata: { name: 'podscope-cadvisor-metrics' },
    spec: {
      path: CADVISOR_METRICS_PATH,
      metrics: [
        {
          name: 'container_cpu_cfs_periods_total',
          help: 'Number of elapsed enforcement period intervals.',
          kind: 'counter',
          dimension: 'container',
          labels: containerLabels,
          value: `${age} * 10.0`,
        },
        {
          name: 'container_cpu_cfs_throttled_periods_total',
          help: 'Number of throttled period intervals.',
          kind: 'counter',
          dimension: 'container',
          labels: containerLabels,
          value: `${age} * 10.0 * ${share}`,
        },
      ],
    },
  };
}

/** How a scenario's containers use CPU (cores) and memory (CEL expressions kwok evaluates at each scrape). */
export interface UsageShape {
  cpu: string;
  memory: string;
  /** the share of CFS periods throttled (cAdvisor's counters); none when unset */
  throttledShare?: number;
}

/**
 * Seconds since the container last started running, from the simulation's run clock (stages.ts
 * stamps it for pods with SIM.runClock on; kwok's expressions cannot read container statuses).
 */
const runningFor = `(UnixSecond(Now()) - double(pod.metadata.annotations["${SIM.runningSince}"]))`;
const runSeconds = `double(pod.metadata.annotations["${SIM.runSeconds}"])`;

/**
 * A leak, for any pod with the run clock on and a memory limit: 40 % of the limit when the run
 * starts, climbing steadily to 98 % of it when the run ends (its SIM.runSeconds, when the oom
 * failure kills it), so each OOM kill has the climb before it; nothing while it waits to restart
 * (a kubelet reports no usage for a container that is not running, and metrics-server drops it).
 */
const since = `double(pod.metadata.annotations["${SIM.runningSince}"])`;
const LEAK = `(${since} > 0.0 ? container.resources.limits["memory"] * (0.4 + 0.58 * (${runningFor} >= ${runSeconds} ? 1.0 : ${runningFor} / ${runSeconds})) : Quantity("0"))`;

/** Every pod not named below: a light service, a little noisy (or leaking, with the run clock on). */
export const DEFAULT_USAGE: UsageShape = {
  cpu: 'Quantity("15m") + Quantity("10m") * Rand()',
  memory: `"${SIM.runClock}" in pod.metadata.annotations ? ${LEAK} : Quantity("48Mi") + Quantity("4Mi") * Rand()`,
};

/** Usage shapes by namespace (the scenarios' namespaces; see scenarios.ts). */
export const SCENARIO_USAGE: Record<string, UsageShape> = {
  // the OOM loop's container is at its limit in the seconds it runs
  'demo-crash-oom': { cpu: 'Quantity("200m")', memory: 'Quantity("500Mi") + Quantity("10Mi") * Rand()' },
  // pinned at its 500m CPU limit (throttled)
  'demo-cpu-throttled': {
    cpu: 'Quantity("497m") + Quantity("3m") * Rand()',
    memory: 'Quantity("180Mi") + Quantity("8Mi") * Rand()',
    throttledShare: 0.6,
  },
  // asks for 1 CPU and 1Gi, uses a tenth of each
  'demo-over-provisioned': { cpu: 'Quantity("90m") + Quantity("20m") * Rand()', memory: 'Quantity("100Mi") + Quantity("6Mi") * Rand()' },
};

function usageDoc(name: string, shape: UsageShape, selector?: object): object {
  return {
    apiVersion: KWOK_API,
    kind: 'ClusterResourceUsage',
    metadata: { name },
    spec: {
      ...(selector ? { selector } : {}),
      usages: [{ usage: { cpu: { expression: shape.cpu }, memory: { expression: shape.memory } } }],
    },
  };
}

/** The documents for kwok's configuration: the endpoint and the usage of every pod. */
export function usageDocuments(): object[] {
  return [
    resourceMetricsEndpoint(),
    cadvisorMetricsEndpoint(),
    ...Object.entries(SCENARIO_USAGE).map(([ns, shape]) => usageDoc(`usage-${ns}`, shape, { matchNamespaces: [ns] })),
    // kwok applies the first ClusterResourceUsage whose selector matches a pod: this one is last
    // in the file and in name order
    usageDoc('zz-usage-default', DEFAULT_USAGE),
  ];
}
