import 'server-only';
// Streams behind a Service without session affinity. A tab's stream (GET /api/stream) lives on
// the replica that answered it; the tab's later control requests (POST /api/stream/{session}:
// subscribe, unsubscribe) may reach any replica. Each replica's session ids start with its own id,
// and with a shared store (PODSCOPE_DATABASE_URL) every replica announces where it answers; a
// replica that gets a control request for another's session passes it to that replica, headers
// and all, and answers what that replica answered. The other way, "subscriptions travel with the
// stream" (reopen the stream on each change), would resend every snapshot (10,000 pod rows) on
// every page change; this costs one extra hop on loopback or the pod network for some requests.
// The receiving replica checks the request as if it came from the browser: same cookies, same
// proxy headers, same Host and Origin, same owner check. A passed request is marked, and never
// passed again (no loops). Addresses come only from the store, never from the request.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { config } from '../config';
import { log } from '../log';
import { metrics } from '../metrics';
import { recorderStore } from '../recorder/store';

const ANNOUNCE_MS = 10_000;
export const RELAYED_HEADER = 'x-podscope-relayed';
/** Headers that belong to one hop, not to the request. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'proxy-connection', 'te', 'trailer']);

const g = globalThis as unknown as { __podscopeReplicaId?: string; __podscopeAnnounce?: NodeJS.Timeout };

/** This process's id among the replicas (the first part of its session ids). */
export function replicaId(): string {
  return (g.__podscopeReplicaId ??= randomBytes(6).toString('hex'));
}

/** A new session id: this replica's id, then a random part. */
export const newSessionId = () => `${replicaId()}.${randomBytes(16).toString('base64url')}`;

const replicaOf = (sessionId: string) => (/^([0-9a-f]{12})\.[A-Za-z0-9_-]{10,}$/.exec(sessionId) ?? [])[1];

/** Where this replica answers: PODSCOPE_REPLICA_ADDRESS, else this pod's IP (or loopback) and the port served. */
function ownAddress(): string | undefined {
  const port = process.env.PORT;
  return config().PODSCOPE_REPLICA_ADDRESS ?? (port ? `${process.env.POD_IP || '127.0.0.1'}:${port}` : undefined);
}

/** With a shared store: say where this replica answers, now and every ANNOUNCE_MS. */
export function startAnnouncing(): void {
  if (!config().PODSCOPE_DATABASE_URL || g.__podscopeAnnounce) return;
  const announce = async () => {
    const address = ownAddress();
    if (!address) return;
    try {
      await recorderStore().announceReplica(replicaId(), address);
    } catch (err) {
      log.warn('could not announce this replica', { reason: (err as Error).message });
    }
  };
  setTimeout(() => void announce(), 1000).unref?.();
  g.__podscopeAnnounce = setInterval(() => void announce(), ANNOUNCE_MS);
  g.__podscopeAnnounce.unref?.();
}

/**
 * The answer of the replica holding this session, for a control request that reached this one;
 * undefined when it is this replica's own, or no other replica holds it (then: 404 as before).
 */
export async function passToHolder(sessionId: string, request: Request, body: string): Promise<Response | undefined> {
  if (!config().PODSCOPE_DATABASE_URL || request.headers.get(RELAYED_HEADER)) return undefined;
  const holder = replicaOf(sessionId);
  if (!holder || holder === replicaId()) return undefined;
  const address = await recorderStore().replicaAddress(holder);
  if (!address) return undefined;
  const headers: Record<string, string> = { [RELAYED_HEADER]: replicaId() };
  request.headers.forEach((v, k) => {
    if (!HOP.has(k)) headers[k] = v;
  });
  const url = new URL(request.url);
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: address.slice(0, address.lastIndexOf(':')),
        port: Number(address.slice(address.lastIndexOf(':') + 1)),
        method: 'POST',
        path: url.pathname + url.search,
        headers,
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += text.length < 65_536 ? c : ''));
        res.on('end', () => {
          metrics.streamControlPassed.inc({ result: String(res.statusCode ?? 502) });
          resolve(
            new Response(text, {
              status: res.statusCode ?? 502,
              headers: { 'content-type': res.headers['content-type'] ?? 'application/json' },
            }),
          );
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => {
      metrics.streamControlPassed.inc({ result: 'failed' });
      log.warn('could not pass a stream request to its replica', { replica: holder, reason: err.message });
      resolve(undefined);
    });
    req.end(body);
  });
}
