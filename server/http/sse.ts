import 'server-only';
// Server-Sent Events framing, for the stream and for log streams alike.

const encoder = new TextEncoder();

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store, no-transform',
  'X-Accel-Buffering': 'no',
} as const;

/**
 * The first bytes of every stream: a dropped connection's EventSource reconnects after 1 s
 * (browsers wait 3 s by default), so a tab is back within a second of Podscope or the network.
 */
export const SSE_RETRY = encoder.encode('retry: 1000\n\n');

/** One message: `id:` (for Last-Event-ID resumes) and `event:` when given, then the JSON data. */
export function sseFrame(data: unknown, opts: { event?: string; id?: string } = {}): Uint8Array {
  return encoder.encode(
    `${opts.id ? `id: ${opts.id}\n` : ''}${opts.event ? `event: ${opts.event}\n` : ''}data: ${JSON.stringify(data)}\n\n`,
  );
}
