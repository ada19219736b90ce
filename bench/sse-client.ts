// A minimal Server-Sent Events client for the fan-out benchmark: opens Podscope's stream,
// subscribes to what an all-namespaces pod list tab does (the rows and their diagnoses), and
// counts messages, bytes and pod updates.
import http from 'node:http';

export interface SseStats {
  bytes: number;
  messages: number;
  upserts: number;
  snapshotRows: number;
  snapshotAt?: number;
}

export function openClient(
  base: string,
  context: string,
  onRow?: (row: { key: string; ready: number }) => void,
): { stats: SseStats; ready: Promise<void>; close: () => void } {
  const stats: SseStats = { bytes: 0, messages: 0, upserts: 0, snapshotRows: 0 };
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => {
    resolveReady = r;
  });
  const req = http.get(`${base}/api/stream`, (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      stats.bytes += Buffer.byteLength(chunk);
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!frame.startsWith('data: ')) continue;
        const m = JSON.parse(frame.slice(6)) as {
          type: string;
          sub?: string;
          session?: string;
          items?: unknown[];
          upserts?: { key: string; ready: number }[];
        };
        stats.messages++;
        if (m.type === 'hello') {
          const body = JSON.stringify({
            subscribe: [
              { id: 'all', spec: { context, resource: 'pods', view: 'rows' } },
              { id: 'diag', spec: { context, resource: 'diagnoses', view: 'rows' } },
            ],
          });
          // (Podscope takes state-changing requests only from its own origin)
          const post = http.request(
            `${base}/api/stream/${m.session}`,
            { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base } },
            (r) => r.resume(),
          );
          post.end(body);
        }
        if (m.type === 'snapshot' && m.sub === 'all') {
          stats.snapshotRows = m.items?.length ?? 0;
          stats.snapshotAt = Date.now();
          resolveReady();
        }
        if (m.type === 'deltas' && m.sub === 'all') {
          stats.upserts += m.upserts?.length ?? 0;
          if (onRow) for (const r of m.upserts ?? []) onRow(r);
        }
      }
    });
  });
  req.on('error', () => resolveReady());
  return { stats, ready, close: () => req.destroy() };
}
