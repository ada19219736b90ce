import 'server-only';
// Server-Sent Events framing, for the stream and for log streams alike.

const encoder = new TextEncoder();

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store, no-transform',
  'X-Accel-Buffering': 'no',
} as const;

/** One message: `id:` (for Last-Event-ID resumes) and `event:` when given, then the JSON data. */
export function sseFrame(data: unknown, opts: { event?: string; id?: string } = {}): Uint8Array {
  return encoder.encode(
    `${opts.id ? `id: ${opts.id}\n` : ''}${opts.event ? `event: ${opts.event}\n` : ''}data: ${JSON.stringify(data)}\n\n`,
  );
}
