// A snapshot: a pod's debug page frozen at one moment, kept by Podscope so a link to it still
// shows the same evidence after the pod, its events and its logs are gone upstream.
import type { V1Pod } from '@kubernetes/client-node';
import type { DiagnosisReport } from '../diagnosis/types';
import type { PodEvent } from '../events/normalize';
import type { Transition } from '../timeline/transitions';

export interface OwnerSummary {
  kind: string;
  name: string;
  status?: string;
}

export interface NodeSummary {
  name: string;
  ready?: string;
  unschedulable?: boolean;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  taints: string[];
  allocatable: Record<string, string>;
  kubeletVersion?: string;
}

export interface ContainerLogs {
  container: string;
  current?: string[];
  previous?: string[];
  /** why a stream is missing: "no previous container", "the pod was deleted", an API message */
  currentNote?: string;
  previousNote?: string;
}

export interface SnapshotBundle {
  version: 1;
  id: string;
  /** ms since epoch */
  createdAt: number;
  context: string;
  namespace: string;
  name: string;
  /** set when the pod had already been deleted (ms since epoch) */
  deletedAt?: number;
  pod: V1Pod;
  events: PodEvent[];
  transitions: Transition[];
  owners: OwnerSummary[];
  node?: NodeSummary;
  diagnosis: DiagnosisReport;
  logs: ContainerLogs[];
  /** lines per container and stream */
  logLines: number;
}

/** Snapshot ids: 16 url-safe characters (96 random bits). */
export const SNAPSHOT_ID = /^[A-Za-z0-9_-]{16}$/;
