import 'server-only';
// The open streams, by session id, and the SSE response that carries one.
import { randomUUID } from 'node:crypto';
import type { ServerMessage } from '@/lib/stream/protocol';
import { metrics } from '../metrics';
import type { Identity } from '../auth/identity';
import { Session } from './session';

const g = globalThis as unknown as { __podscopeSessions?: Map<string, Session> };
const sessions = (g.__podscopeSessions ??= new Map<string, Session>());

/** A client that has this much unread data queued is dropped (it will reconnect and resnapshot). */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

export function getSession(id: string): Session | undefined {
  return sessions.get(id);
}

export function openStream(signal: AbortSignal, identity: Identity): Response {
  const encoder = new TextEncoder();
  const id = randomUUID();
  let session: Session | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      metrics.sseClients.inc();
      const send = (m: ServerMessage | Uint8Array[]): boolean => {
        // a message, or pre-encoded chunks (a snapshot whose items are shared by many streams)
        const chunks = Array.isArray(m) ? m : [encoder.encode(`data: ${JSON.stringify(m)}\n\n`)];
        try { for (const c of chunks) controller.enqueue(c); } catch { return false; }
        metrics.sseMessages.inc();
        metrics.sseBytes.inc(undefined, chunks.reduce((n, c) => n + c.byteLength, 0));
        return (controller.desiredSize ?? 0) > -MAX_QUEUED_BYTES;
      };
      session = new Session(id, identity, send, () => {
        sessions.delete(id);
        metrics.sseClients.dec();
        try { controller.close(); } catch { /* already closed */ }
      });
      sessions.set(id, session);
      signal.addEventListener('abort', () => session?.close(), { once: true });
    },
    cancel() { session?.close(); },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 0 }));
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
}
