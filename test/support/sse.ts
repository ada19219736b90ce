// A Server-Sent Events client for tests against a running Podscope server: opens the stream
// (with whatever headers a test wants to send, cookies included), collects every message, and
// posts subscriptions the way the browser does (same-origin, with the same cookies).
import http from 'node:http';
import type { ServerMessage } from '@/lib/api/stream';
import { eventually } from './local-cluster.ts';

export interface TestStream {
  status: number;
  body: string;
  msgs: ServerMessage[];
  session?: string;
  /** true once the server ended the response */
  ended: boolean;
  post(body: object, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): void;
}

export function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (d: string) => {
          body += d;
        })
        .on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Opens /api/stream; resolves once the hello arrived, or with the refusal's status and body. */
export async function openStream(base: string, headers: Record<string, string> = {}): Promise<TestStream> {
  const msgs: ServerMessage[] = [];
  let req!: http.ClientRequest;
  const t: TestStream = {
    status: 0,
    body: '',
    msgs,
    ended: false,
    post: (body, extra = {}) =>
      request(`${base}/api/stream/${t.session}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', Origin: base, ...headers, ...extra },
      }),
    close: () => req.destroy(),
  };
  await new Promise<void>((resolve) => {
    req = http.get(`${base}/api/stream`, { headers }, (res) => {
      t.status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        if (t.status !== 200) {
          t.body += chunk;
          return;
        }
        buf += chunk;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!frame.startsWith('data: ')) continue;
          const m = JSON.parse(frame.slice(6)) as ServerMessage;
          msgs.push(m);
          if (m.type === 'hello') {
            t.session = m.session;
            resolve();
          }
        }
      });
      res.on('end', () => {
        t.ended = true;
        resolve();
      });
      res.on('close', () => {
        t.ended = true;
      });
    });
    req.on('error', () => resolve());
  });
  return t;
}

export const waitFor = <T>(what: string, fn: () => T | undefined | false, timeoutMs = 20_000) =>
  eventually(what, async () => fn(), timeoutMs, 100);

/** A Prometheus counter's value in a server's /metrics (summed over labels). */
export async function metric(base: string, name: string): Promise<number> {
  const text = (await request(`${base}/metrics`)).body;
  return text
    .split('\n')
    .filter((l) => l.startsWith(name) && !l.startsWith('#'))
    .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
}
