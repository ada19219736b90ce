// Log lines from the API server with timestamps=true look like "<RFC3339Nano> <text>". A cursor
// (last timestamp, and how many lines carried it) lets a stream resume after a drop with
// sinceTime and skip exactly the lines it already delivered: nothing lost, nothing twice.
export interface LogLine {
  ts: string;
  text: string;
}
export interface LogCursor {
  ts: string;
  n: number;
}

export function parseLogLine(raw: string): LogLine {
  const sp = raw.indexOf(' ');
  const ts = sp > 0 ? raw.slice(0, sp) : '';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(ts)) return { ts, text: raw.slice(sp + 1) };
  return { ts: '', text: raw };
}

export function encodeCursor(c: LogCursor): string {
  return `${c.ts}#${c.n}`;
}
export function decodeCursor(s: string | null | undefined): LogCursor | undefined {
  if (!s) return undefined;
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d))#(\d{1,9})$/.exec(s);
  return m ? { ts: m[1], n: Number(m[2]) } : undefined;
}

/** Nanosecond-aware comparison of RFC 3339 timestamps in UTC ("Z"), as the kubelet writes them. */
export function compareTs(a: string, b: string): number {
  const norm = (t: string) => {
    const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t);
    return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : t;
  };
  const x = norm(a),
    y = norm(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Tracks what a log stream has delivered, so that after a reconnect (sinceTime = cursor.ts, which
 * the API server answers with every line at or after that instant) exactly the lines already
 * delivered are skipped: nothing lost, nothing twice. Within one connection nothing is skipped,
 * however many lines share a timestamp.
 */
export class LogResumer {
  cursor: LogCursor | undefined;
  private skip: { ts: string; remaining: number } | undefined;

  constructor(cursor?: LogCursor) {
    this.cursor = cursor;
  }

  /** Call when a new connection starts (the first one too). */
  reconnect(): void {
    this.skip = this.cursor ? { ts: this.cursor.ts, remaining: this.cursor.n } : undefined;
  }

  accept(lines: LogLine[]): LogLine[] {
    const out: LogLine[] = [];
    for (const l of lines) {
      if (this.skip && l.ts) {
        const cmp = compareTs(l.ts, this.skip.ts);
        if (cmp < 0) continue;
        if (cmp === 0 && this.skip.remaining > 0) {
          this.skip.remaining--;
          continue;
        }
        this.skip = undefined;
      }
      out.push(l);
      if (l.ts)
        this.cursor =
          this.cursor && compareTs(l.ts, this.cursor.ts) === 0 ? { ts: this.cursor.ts, n: this.cursor.n + 1 } : { ts: l.ts, n: 1 };
    }
    return out;
  }
}
