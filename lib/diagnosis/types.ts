// What the diagnosis engine takes and returns. Everything here comes from what Kubernetes
// records: the pod's status and spec, events, owners, nodes, PVCs, which referenced ConfigMaps
// and Secrets exist (names and keys only, never values), and optionally log tails.
import type { V1Deployment, V1Job, V1Node, V1PersistentVolumeClaim, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { PodEvent } from '../events/normalize';

export type Severity = 'critical' | 'error' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

export type Category =
  'image' | 'crash' | 'scheduling' | 'config' | 'probe' | 'volume' | 'node' | 'termination' | 'job' | 'rollout' | 'runtime' | 'spec';

export interface Evidence {
  /** where it was read: "status.containerStatuses[app].lastState.terminated", "event BackOff", "log (previous) app" ... */
  source: string;
  text: string;
  at?: string;
}

export interface Remedy {
  text: string;
  command?: string;
  snippet?: string;
}

export interface Finding {
  /** stable id, e.g. "crash.oom-killed" */
  id: string;
  category: Category;
  severity: Severity;
  container?: string;
  title: string;
  explanation: string;
  evidence: Evidence[];
  /** likely causes, most likely first */
  causes: string[];
  remedies: Remedy[];
  /** ids of findings this one explains or is explained by */
  related?: string[];
}

export interface ConfigRefs {
  /** name → keys it has, or null if it does not exist */
  secrets: Record<string, string[] | null>;
  configMaps: Record<string, string[] | null>;
}

export interface DiagnosisInput {
  pod: V1Pod;
  events: PodEvent[];
  now: number;
  owners?: { replicaSet?: V1ReplicaSet; deployment?: V1Deployment; siblings?: V1ReplicaSet[]; job?: V1Job };
  node?: V1Node;
  /** all schedulable nodes, for Pending analysis */
  nodes?: V1Node[];
  pvcs?: V1PersistentVolumeClaim[];
  configRefs?: ConfigRefs;
  logs?: { current?: Record<string, string[]>; previous?: Record<string, string[]> };
  /** set when the pod is gone and `pod` is the flight recorder's last copy (ms since epoch) */
  deletedAt?: number;
}

export type Rule = (input: DiagnosisInput) => Finding[];

/** What the API answers and a snapshot keeps: the findings, the primary one, and as of when. */
export interface DiagnosisReport {
  primary: string | null;
  healthy: boolean;
  findings: Finding[];
  diagnosedAt: string;
  /** set when the pod was diagnosed from the flight recorder's copy after its deletion */
  deletedAt?: string;
}
