'use client';
// Usage from the Metrics API, asked for just after each of the server poller's reads (every 15 s): the pod
// list's columns and the nodes page read the newest samples, the pod page a pod's history.
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { api, podApi } from '@/lib/api/paths';
import type { PodUsageHistory, UsageSnapshot, UsageState } from '@/lib/api/usage';
import { ApiError, apiRequest } from './api-client';

const POLL_MS = 15_000;
/**
 * Ask again just after the server's next poll (it says when, relative to its answer), so what the
 * page shows is at most one Metrics API scrape old rather than a poll interval behind on top.
 */
function afterServerPoll(state: UsageState | undefined): number {
  const next = state?.nextPollInMs;
  if (next === undefined) return POLL_MS;
  return Math.min(POLL_MS, Math.max(1_000, next + 750));
}
// (the server's own contract types; checked for shape, not re-validated field by field)
const snapshot = z.looseObject({
  state: z.looseObject({ phase: z.string() }),
  pods: z.record(z.string(), z.unknown()),
}) as unknown as z.ZodType<UsageSnapshot>;
const history = z.looseObject({
  state: z.looseObject({ phase: z.string() }),
  containers: z.record(z.string(), z.unknown()),
}) as unknown as z.ZodType<PodUsageHistory>;

export function useUsage(context: string, namespace?: string, enabled = true) {
  return useQuery<UsageSnapshot, ApiError>({
    queryKey: ['usage', context, namespace ?? '*'],
    queryFn: () => apiRequest(api.usage(context, namespace), snapshot),
    enabled,
    refetchInterval: (q) => afterServerPoll(q.state.data?.state),
    placeholderData: (prev) => prev,
    retry: 1,
  });
}

export function usePodUsage(context: string, namespace: string, name: string, since?: number, enabled = true) {
  return useQuery<PodUsageHistory, ApiError>({
    queryKey: ['pod-usage', context, namespace, name, since ?? 'default'],
    enabled,
    queryFn: () => apiRequest(podApi(context, namespace, name).usage(since), history),
    refetchInterval: (q) => afterServerPoll(q.state.data?.state),
    placeholderData: (prev) => prev,
    retry: 1,
  });
}
