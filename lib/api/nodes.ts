// GET /api/c/{context}/nodes: every node with what it can hold, what its pods request and what
// they use (the Metrics API), its conditions, taints and pods. CPU in cores, memory in bytes.
export interface NodeRow {
  name: string;
  ready: 'True' | 'False' | 'Unknown';
  /** conditions other than Ready that are True (MemoryPressure, DiskPressure, PIDPressure, …) */
  pressure: { type: string; message?: string }[];
  unschedulable: boolean;
  taints: string[];
  zone?: string;
  allocatable: { cpu: number; memory: number; pods: number };
  requested: { cpu: number; memory: number };
  /** the Metrics API's newest sample; absent without one */
  used?: { cpu: number; memory: number; at: number };
  pods: number;
  /** pods on it that are not running or not ready, by name (namespace/name), at most 20 */
  troubled: string[];
}

export interface NodesResponse {
  nodes: NodeRow[];
  usage: import('./usage').UsageState;
}
