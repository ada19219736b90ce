import 'server-only';
// Raw requests to a cluster's API server, authenticated through @kubernetes/client-node's own
// kubeconfig machinery (certificates, tokens, exec plugins). Raw, because lists of 10,000 pods
// are cheaper as plain JSON than as deserialised model classes.
import { HttpMethod, type KubeConfig, RequestContext } from '@kubernetes/client-node';
import { fetch } from 'undici';
import { AppError, kindFromUpstream } from '../errors';
import { metrics } from '../metrics';

// client-node builds a new HTTP dispatcher (an undici Agent: its own connection pool and TLS
// settings) on every applySecurityAuthentication, so each request opened a new connection and
// paid a TLS handshake (a liveness probe every 1.5 s included). One dispatcher per KubeConfig
// (per context and identity) is reused instead: its TLS settings are the KubeConfig's, and its
// connections are kept alive between requests.
const dispatchers = new WeakMap<KubeConfig, ReturnType<RequestContext['getDispatcher']>>();

export interface KubeResponse {
  status: number;
  body: string;
}

export async function kubeFetch(
  kc: KubeConfig,
  path: string,
  opts: {
    method?: 'GET' | 'POST' | 'DELETE' | 'PATCH';
    body?: unknown;
    accept?: string;
    signal?: AbortSignal;
    contentType?: string;
    /** a liveness probe: counted by its own metric, not as a request made for someone */
    probe?: boolean;
  } = {},
) {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new AppError('not-found', 'the kubeconfig context has no cluster');
  const ctx = new RequestContext(cluster.server + path, (opts.method ?? 'GET') as HttpMethod);
  await kc.applySecurityAuthentication(ctx);
  let dispatcher = dispatchers.get(kc);
  if (!dispatcher) {
    dispatcher = ctx.getDispatcher();
    if (dispatcher) dispatchers.set(kc, dispatcher);
  }
  if (!opts.probe) metrics.upstreamRequests.inc({ method: opts.method ?? 'GET' });
  const headers: Record<string, string> = { ...ctx.getHeaders(), Accept: opts.accept ?? 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  return fetch(cluster.server + path, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    dispatcher,
    signal: opts.signal ?? AbortSignal.timeout(30_000),
  });
}

/** GET and parse JSON; a non-2xx answer becomes an AppError carrying the API server's message. */
export async function kubeGet<T>(kc: KubeConfig, path: string, opts: { accept?: string; signal?: AbortSignal } = {}): Promise<T> {
  const res = await kubeFetch(kc, path, opts);
  const text = await res.text();
  if (res.status >= 300) throw upstreamError(res.status, text);
  return JSON.parse(text) as T;
}

export async function kubePost<T>(kc: KubeConfig, path: string, body: unknown): Promise<T> {
  const res = await kubeFetch(kc, path, { method: 'POST', body });
  const text = await res.text();
  if (res.status >= 300) throw upstreamError(res.status, text);
  return JSON.parse(text) as T;
}

export function upstreamError(status: number, body: string): AppError {
  let message = body.slice(0, 500);
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? message;
  } catch {
    /* not JSON */
  }
  const err = new AppError(kindFromUpstream(status), message);
  (err as AppError & { upstreamStatus?: number }).upstreamStatus = status;
  return err;
}

/** The answer, or undefined when the request failed (for lookups whose absence the caller handles). */
export async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch {
    return undefined;
  }
}
