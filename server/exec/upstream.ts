import 'server-only';
// A WebSocket to the API server for a pod's exec (or attach), authenticated exactly as every
// other request of this identity: the KubeConfig fills in the TLS settings and credentials
// (certificates, bearer token, exec plugins) and, in proxy mode, the Impersonate-* headers
// (ImpersonatingKubeConfig). The `ws` package does the WebSocket; channel.ts the framing.
import type { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { AppError, kindFromUpstream } from '../errors';
import { PROTOCOLS } from './channel';

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  tty: boolean;
}

export function execPath(r: ExecRequest): string {
  const q = new URLSearchParams({ container: r.container, stdin: 'true', stdout: 'true', stderr: String(!r.tty), tty: String(r.tty) });
  for (const c of r.command) q.append('command', c);
  return `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}/exec?${q}`;
}

/** The API server's refusal (a metav1.Status body) as an AppError with its message. */
function refusal(status: number, body: string): AppError {
  let message = `the API server refused the exec (HTTP ${status})`;
  try {
    const s = JSON.parse(body) as { message?: string };
    if (s.message) message = s.message;
  } catch {
    /* not a Status: keep the generic message */
  }
  return new AppError(kindFromUpstream(status), message);
}

/** Opens the socket; resolves once the API server has switched protocols, or rejects with why not. */
export async function openUpstream(kc: KubeConfig, path: string, protocols: readonly string[] = PROTOCOLS): Promise<WebSocket> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new AppError('not-found', 'the kubeconfig context has no cluster');
  const opts: Record<string, unknown> & { headers?: Record<string, string | string[]> } = {};
  await kc.applyToHTTPSOptions(opts);
  const url = cluster.server.replace(/^http/, 'ws') + path;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [...protocols], { ...opts, handshakeTimeout: 10_000, perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c.length < 4096 ? c : ''));
      res.on('end', () => reject(refusal(res.statusCode ?? 500, body)));
      res.on('error', () => reject(refusal(res.statusCode ?? 500, body)));
    });
    ws.once('error', (err) => reject(new AppError('unavailable', `the API server cannot be reached for the exec: ${err.message}`)));
  });
}
