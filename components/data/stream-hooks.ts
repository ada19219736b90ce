'use client';
// Hooks that read what the stream wrote into the query cache. Components render from these only.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { type ConnectionState, type SubData, subQueryKey } from './stream-client';
import { type SubscriptionSpec, subscriptionId } from '@/lib/api/stream';
import { useStream } from './Providers';

const EMPTY: SubData = { items: new Map(), state: { phase: 'connecting', since: 0 }, ready: false, version: -1 };

export function useSubscription<T>(spec: SubscriptionSpec | null): SubData<T> {
  const stream = useStream();
  const id = spec ? subscriptionId(spec) : null;
  useEffect(() => {
    if (!spec) return;
    const s = stream.subscribe(spec);
    return s.release;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, stream]);
  const qc = useQueryClient();
  const q = useQuery<SubData>({
    queryKey: subQueryKey(id ?? 'none'),
    // the stream fills this entry; the query itself never fetches
    queryFn: () => qc.getQueryData<SubData>(subQueryKey(id ?? 'none')) ?? EMPTY,
    enabled: false,
    initialData: undefined,
  });
  return (q.data ?? EMPTY) as SubData<T>;
}

export function useConnection(): ConnectionState {
  const stream = useStream();
  return useSyncExternalStore(
    (cb) => stream.onConnectionChange(cb),
    () => stream.conn,
    () => stream.conn,
  );
}

/** The current time, updated every `ms`: for "5m ago" cells and live durations. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function useItems<T>(d: SubData<T>): T[] {
  return useMemo(() => [...d.items.values()], [d]);
}
