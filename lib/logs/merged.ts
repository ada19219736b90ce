// A workload's merged logs: every container of every pod as one chronological stream. Each line
// is tagged with its source ("pod/container"); a pod-level marker (joined, deleted, restarted) has
// the pod's name alone. The resume cursor is one per source (lib/logs/cursor's LogCursor), so
// after a dropped connection every container resumes where it was: nothing lost, nothing twice.
import { compareTs, type LogCursor } from './cursor';

/** [source, timestamp (RFC 3339, nine fraction digits), text, marker?] */
export type MergedWireLine = [string, string, string] | [string, string, string, 'marker'];

/** Timestamps with all nine fraction digits compare as strings (the kubelet trims trailing zeros). */
export function fullTs(ts: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(ts);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z` : ts;
}

const SOURCE = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ENTRY = /^(.+)=(\d{4}-\d\d-\d\dT[\d:.]+Z)#(\d{1,9})$/;
export const MAX_MERGED_CURSOR = 16_000;

/** `pod/container=ts#n,…`: plain ASCII (names are DNS names), so it travels as Last-Event-ID. */
export function encodeMergedCursor(cursors: Iterable<[string, LogCursor]>): string {
  const parts: string[] = [];
  for (const [source, c] of cursors) parts.push(`${source}=${c.ts}#${c.n}`);
  return parts.join(',');
}

/** The cursors a resumed stream starts from; anything malformed is ignored (that source starts over). */
export function decodeMergedCursor(s: string | null | undefined): Map<string, LogCursor> {
  const out = new Map<string, LogCursor>();
  if (!s || s.length > MAX_MERGED_CURSOR) return out;
  for (const part of s.split(',')) {
    const m = ENTRY.exec(part);
    if (m && SOURCE.test(m[1])) out.set(m[1], { ts: m[2], n: Number(m[3]) });
  }
  return out;
}

export interface MergedLine {
  source: string;
  /** fullTs() of the line's timestamp */
  ts: string;
  text: string;
  marker?: boolean;
}

/**
 * Insert lines in timestamp order, stable for equal timestamps (lines that arrive together keep
 * their order). Lines mostly arrive in order, so the search starts from the end.
 */
export function insertOrdered(buf: MergedLine[], lines: MergedLine[]): void {
  for (const l of lines) {
    if (!buf.length || buf[buf.length - 1].ts <= l.ts) {
      buf.push(l);
      continue;
    }
    let lo = 0,
      hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (buf[mid].ts <= l.ts) lo = mid + 1;
      else hi = mid;
    }
    buf.splice(lo, 0, l);
  }
}

/** Whether a source's cursor has passed an instant (a container's finishedAt, seconds precision). */
export const cursorPast = (c: LogCursor | undefined, ts: string | Date | undefined): boolean =>
  !!c && !!ts && compareTs(c.ts, typeof ts === 'string' ? ts : ts.toISOString()) >= 0;
