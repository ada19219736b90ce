'use client';
// A pod's REST data for the pod page, on TanStack Query: diagnosis, the deleted pod's record,
// the write actions this user may take (and taking them), and sharing a snapshot.
import { useMutation, useQuery } from '@tanstack/react-query';
import { CSRF_HEADER, podApi } from '@/lib/api/paths';
import {
  actionResult,
  availableActions,
  type AvailableActions,
  diagnosisReport,
  podRecord,
  type PodRecord,
  snapshotCreated,
} from '@/lib/api/pods';
import type { DiagnosisReport } from '@/lib/diagnosis/types';
import { ApiError, apiRequest } from './api-client';

/** Re-fetched whenever `liveKey` changes (the pod's or its events' versions), and with each usage sample: the diagnosis stays live. */
export function useDiagnosis(context: string, namespace: string, name: string, liveKey: string) {
  return useQuery<DiagnosisReport, ApiError>({
    queryKey: ['diagnosis', context, namespace, name, liveKey],
    queryFn: () => apiRequest(podApi(context, namespace, name).diagnosis, diagnosisReport),
    placeholderData: (prev) => prev,
    staleTime: 0,
    // and every 15 s: usage (the Metrics API) changes without the pod changing
    refetchInterval: 15_000,
    retry: 1,
  });
}

/** A pod that was deleted before the page opened: the flight recorder's last copy, or null. */
export function usePodRecord(context: string, namespace: string, name: string, enabled: boolean) {
  return useQuery<PodRecord | null, ApiError>({
    queryKey: ['pod-record', context, namespace, name],
    enabled,
    queryFn: async () => {
      try {
        return await apiRequest(podApi(context, namespace, name).history, podRecord);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    retry: 1,
  });
}

export function useActions(context: string, namespace: string, name: string) {
  return useQuery<AvailableActions, ApiError>({
    queryKey: ['actions', context, namespace, name],
    queryFn: () => apiRequest(podApi(context, namespace, name).actions, availableActions),
    staleTime: 30_000,
    retry: false,
  });
}

export function useRunAction(context: string, namespace: string, name: string) {
  return useMutation<{ message: string }, ApiError, { action: 'delete' | 'restart'; csrf: string }>({
    mutationFn: ({ action, csrf }) =>
      apiRequest(podApi(context, namespace, name).action(action), actionResult, { method: 'POST', headers: { [CSRF_HEADER]: csrf } }),
  });
}

/** Freezes the pod's page on the server; resolves with the snapshot's absolute link. */
export function useShareSnapshot(context: string, namespace: string, name: string) {
  return useMutation<string, ApiError>({
    mutationFn: async () => {
      const s = await apiRequest(podApi(context, namespace, name).snapshots, snapshotCreated, { method: 'POST' });
      return new URL(s.url, window.location.href).toString();
    },
  });
}
