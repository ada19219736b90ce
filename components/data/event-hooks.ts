'use client';
// The events explorer's recorded half: pod events the flight recorder kept (live ones come on
// the stream). Fetched once per context and namespace, and again every minute (the recorder
// keeps writing what the stream shows; this catches what expired upstream meanwhile).
import { useQuery } from '@tanstack/react-query';
import { recordedEvents } from '@/lib/api/events';
import { api } from '@/lib/api/paths';
import type { PodEvent } from '@/lib/events/normalize';
import { type ApiError, apiRequest } from './api-client';

/** `enabled`: asked for once the live events are on screen (the first paint is theirs). */
export function useRecordedEvents(context: string, namespace: string | undefined, enabled: boolean) {
  return useQuery<PodEvent[], ApiError>({
    queryKey: ['recorded-events', context, namespace ?? '*'],
    enabled,
    queryFn: () => apiRequest(api.recordedEvents(context, new URLSearchParams(namespace ? { namespace } : {})), recordedEvents),
    refetchInterval: 60_000,
    retry: 1,
  });
}
