'use client';
// The query cache and this tab's one stream, for every page.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState } from 'react';
import { StreamClient } from './stream-client';

const StreamContext = createContext<StreamClient | null>(null);

export function Providers({ children }: { children: React.ReactNode }) {
  const [qc] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, gcTime: 60_000, retry: 1, refetchOnWindowFocus: false } } }),
  );
  const [stream] = useState(() => new StreamClient(qc));
  useEffect(() => {
    stream.start();
    return () => stream.stop();
  }, [stream]);
  return (
    <QueryClientProvider client={qc}>
      <StreamContext.Provider value={stream}>{children}</StreamContext.Provider>
    </QueryClientProvider>
  );
}

export function useStream(): StreamClient {
  const s = useContext(StreamContext);
  if (!s) throw new Error('useStream outside <Providers>');
  return s;
}
