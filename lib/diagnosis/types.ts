// What the diagnosis engine takes and returns. Everything here comes from what Kubernetes
// records: the pod's status and spec, events, owners, nodes, claims, which referenced ConfigMaps
// and Secrets exist (names and keys only, never values), and optionally log tails. Whatever was
// looked up is a Lookup: present, absent (a definite 404) or unknown (forbidden, failed, or not
// supplied to the offline CLI) — only "absent" may ever be reported as "does not exist".
import type { V1Node, V1PersistentVolumeClaim, V1Pod, V1StorageClass } from '@kubernetes/client-node';
import type { PodEvent } from '../events/normalize';
import type { PodOwners } from '../k8s/owners';
import type { UsagePoint } from '../usage/usage';

export type Severity = 'critical' | 'error' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** How sure a finding is: lowered when something it depends on could not be looked at. */
export type Confidence = 'high' | 'medium' | 'low';

export const CATEGORIES = [
  'image',
  'crash',
  'scheduling',
  'config',
  'probe',
  'volume',
  'node',
  'termination',
  'job',
  'rollout',
  'runtime',
  'usage',
  'spec',
] as const;
export type Category = (typeof CATEGORIES)[number];

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
  confidence: Confidence;
  container?: string;
  title: string;
  explanation: string;
  evidence: Evidence[];
  /** likely causes, most likely first */
  causes: string[];
  remedies: Remedy[];
  /** ids of findings this one relates to (e.g. the spec review's failure) */
  related?: string[];
  /** the key of the finding that explains this one (this one is its consequence) */
  causedBy?: string;
  /** the keys of the findings this one explains */
  consequences?: string[];
  /** what could not be looked at, and how to look at it yourself */
  unknowns?: string[];
}

/** One finding of one container: "crash.oom-killed:app", or the id alone for the pod as a whole. */
export const findingKey = (f: Pick<Finding, 'id' | 'container'>): string => (f.container ? `${f.id}:${f.container}` : f.id);

export type Lookup<T> = { state: 'present'; value: T } | { state: 'absent' } | { state: 'unknown'; why: string };
export const present = <T>(value: T): Lookup<T> => ({ state: 'present', value });
export const ABSENT: Lookup<never> = { state: 'absent' };
export const unknown = (why: string): Lookup<never> => ({ state: 'unknown', why });

/** What the pod refers to and could (or could not) be looked at, by name. */
export interface Lookups {
  claims?: Record<string, Lookup<V1PersistentVolumeClaim>>;
  storageClasses?: Record<string, Lookup<V1StorageClass>>;
  /** a ConfigMap's keys */
  configMaps?: Record<string, Lookup<string[]>>;
  /** a Secret exists (its keys and values are never read) */
  secrets?: Record<string, Lookup<true>>;
  /** the pod's node */
  node?: Lookup<V1Node>;
  /** were the owners (ReplicaSet, Deployment, Job, ...) readable? */
  owners?: Lookup<true>;
}

export interface DiagnosisInput {
  pod: V1Pod;
  events: PodEvent[];
  now: number;
  owners?: PodOwners;
  node?: V1Node;
  /** all schedulable nodes, for Pending analysis */
  nodes?: V1Node[];
  lookups?: Lookups;
  logs?: { current?: Record<string, string[]>; previous?: Record<string, string[]> };
  /** set when the pod is gone and `pod` is the flight recorder's last copy (ms since epoch) */
  deletedAt?: number;
  /** per node, what the pods bound to it request (cores, bytes), for a Pending pod: each node's free capacity */
  nodeRequests?: Record<string, Record<string, number>>;
  /** Metrics API samples per container, oldest first; absent where usage cannot be read (no metrics-server, the offline CLI) */
  usage?: Record<string, UsagePoint[]>;
}

export type Rule = (input: DiagnosisInput) => Finding[];

/** What the API answers and a snapshot keeps: the findings, the primary one, and as of when. */
export interface DiagnosisReport {
  /** the id of the root cause that leads (a finding no other explains, worst first) */
  primary: string | null;
  /** its key (id and container) */
  primaryKey: string | null;
  healthy: boolean;
  /** roots first (worst first), each followed by its consequences */
  findings: Finding[];
  diagnosedAt: string;
  /** set when the pod was diagnosed from the flight recorder's copy after its deletion */
  deletedAt?: string;
}

/** What every view shows for a pod: the lead finding in a line (the list badge, triage). */
export interface DiagnosisSummary {
  id: string;
  key: string;
  severity: Severity;
  confidence: Confidence;
  title: string;
  container?: string;
  category: Category;
  /** the titles of the findings it explains (up to 3) */
  consequences?: string[];
}
