import 'server-only';
// The last lines of one container's log (current or previous), read once: what the diagnosis
// quotes and what a snapshot keeps. A log the API server will not give is a note saying why.
import type { KubeConfig } from '@kubernetes/client-node';
import { podPath } from '@/lib/k8s/resources';
import { kubeFetch, upstreamError } from '../kube/request';

export type LogTail = { lines: string[] } | { note: string };

export async function logTail(
  kc: KubeConfig,
  ns: string,
  pod: string,
  container: string,
  opts: { previous: boolean; lines: number; bytes: number; timeoutMs: number },
): Promise<LogTail> {
  const q = new URLSearchParams({ container, tailLines: String(opts.lines), limitBytes: String(opts.bytes) });
  if (opts.previous) q.set('previous', 'true');
  try {
    const res = await kubeFetch(kc, `${podPath(ns, pod, 'log')}?${q}`, {
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    const text = await res.text();
    if (res.status !== 200) return { note: `logs unavailable: ${upstreamError(res.status, text).message}` };
    // the log ends with a newline: no empty last line for it
    return { lines: text.split('\n').filter((l, i, a) => l !== '' || i < a.length - 1) };
  } catch (err) {
    return { note: `logs unavailable: ${(err as Error).message}` };
  }
}
