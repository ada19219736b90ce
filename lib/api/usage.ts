// The usage API's contract (server/usage/, app/api/c/[context]/usage, …/pods/{ns}/{name}/usage).
// CPU in cores, memory in bytes, times in ms since the epoch.
import { z } from 'zod';
import type { UsagePoint } from '../usage/usage';
import { contextName, namespaceName } from '../validation/names';

export const usageQuery = z.object({ context: contextName, namespace: namespaceName.optional() }).strict();

/** How far back a pod's usage history reaches by default, and at most. */
export const USAGE_HISTORY_DEFAULT_MS = 3600_000;
export const podUsageQuery = z.object({ since: z.coerce.number().int().min(0).optional() }).strict();

export interface UsageState {
  /** live: samples arrive; stale: they stopped (message says since when); unavailable: no Metrics API here (message says why) */
  phase: 'connecting' | 'live' | 'stale' | 'unavailable';
  since: number;
  message?: string;
  /** when the server polls the Metrics API next, relative to this answer (a client asks again just after it) */
  nextPollInMs?: number;
}

/** GET /api/c/{ctx}/usage[?namespace=]: the newest sample of every pod and node. */
export interface UsageSnapshot {
  state: UsageState;
  pods: Record<string, { at: number; containers: Record<string, { cpu: number; memory: number }> }>;
  nodes: Record<string, { at: number; cpu: number; memory: number }>;
}

/** GET /api/c/{ctx}/pods/{ns}/{name}/usage[?since=]: a pod's samples per container, recorded and recent. */
export interface PodUsageHistory {
  state: UsageState;
  /** oldest first */
  containers: Record<string, UsagePoint[]>;
  /** where the older samples came from: the flight recorder, Prometheus (PODSCOPE_PROMETHEUS_URL), or only this process's memory (10 minutes) */
  history: 'recorded' | 'recent-only' | 'prometheus';
  /** Prometheus only, where it scrapes cAdvisor: container → [ms, share of CFS periods throttled] */
  throttled?: Record<string, [number, number][]>;
  /** Prometheus was asked and failed: why (the recorder's samples are shown instead) */
  historyProblem?: string;
}
