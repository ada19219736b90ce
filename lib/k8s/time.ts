// Kubernetes timestamps arrive as RFC 3339 strings over the wire and as Date objects from
// @kubernetes/client-node's typed API: one way to read both.
export function isoTime(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return typeof v === 'string' ? v : new Date(v as Date).toISOString();
}

/** Milliseconds since the epoch, or undefined for a missing or unreadable time. */
export function timeMs(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' ? Date.parse(v) : v instanceof Date ? v.getTime() : typeof v === 'number' ? v : NaN;
  return Number.isNaN(n) ? undefined : n;
}
