// The simulated worker nodes: different sizes in two zones, one tainted, so the real scheduler
// produces real Insufficient cpu/memory and untolerated-taint messages.
import { KWOK_NODE_ANNOTATION } from './components.ts';
import { resourceMetricsPath } from '../sim/usage.ts';

export interface NodeShape {
  name: string;
  zone: string;
  cpu: string;
  memory: string;
  pods: number;
  taint?: { key: string; value: string; effect: string };
}

export const DEFAULT_NODES: NodeShape[] = [
  { name: 'worker-a1', zone: 'zone-a', cpu: '2', memory: '4Gi', pods: 110 },
  { name: 'worker-a2', zone: 'zone-a', cpu: '8', memory: '32Gi', pods: 110 },
  { name: 'worker-b1', zone: 'zone-b', cpu: '4', memory: '16Gi', pods: 110 },
  {
    name: 'worker-b2-gpu',
    zone: 'zone-b',
    cpu: '16',
    memory: '64Gi',
    pods: 110,
    taint: { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
  },
];

/** Scale mode: `count` identical mid-sized nodes spread over two zones. */
export function scaleNodes(count: number): NodeShape[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `scale-node-${String(i).padStart(3, '0')}`,
    zone: i % 2 === 0 ? 'zone-a' : 'zone-b',
    cpu: '32',
    memory: '128Gi',
    pods: 250,
  }));
}

export function nodeObject(n: NodeShape, kubeletVersion: string): object {
  const resources = { cpu: n.cpu, memory: n.memory, pods: String(n.pods), 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      annotations: {
        [KWOK_NODE_ANNOTATION]: 'kwok',
        'node.alpha.kubernetes.io/ttl': '0',
        // where metrics-server scrapes this node (kwok serves every node's endpoint on its own port)
        'metrics.k8s.io/resource-metrics-path': resourceMetricsPath(n.name),
      },
      labels: {
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': n.zone,
        'topology.kubernetes.io/region': 'local',
        'node.kubernetes.io/instance-type': `sim-${n.cpu}cpu-${n.memory.toLowerCase()}`,
        ...(n.taint ? { [n.taint.key]: n.taint.value } : {}),
      },
    },
    spec: n.taint ? { taints: [{ key: n.taint.key, value: n.taint.value, effect: n.taint.effect }] } : {},
    status: {
      capacity: resources,
      allocatable: resources,
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Simulated (kwok)',
        kernelVersion: 'simulated',
        containerRuntimeVersion: 'containerd://simulated',
        kubeletVersion,
        kubeProxyVersion: '',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}
