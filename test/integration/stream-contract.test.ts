// The stream's messages as the real server sends them, for every kind of subscription, parsed
// with the contract both sides share (lib/api/stream.ts). The browser does not re-validate each
// delta of 10,000 pods, so this is where a message that breaks the contract is caught.
import { describe, expect, it } from 'vitest';
import { serverMessage, type ServerMessage } from '@/lib/api/stream';
import { LOCAL, principalOf } from '@/server/auth/identity';
import { Session } from '@/server/stream/session';
import { paths } from '../../local-cluster/lib/paths.ts';
import { apiClient } from '../../local-cluster/sim/scale.ts';
import { createNamespace, eventually, kubectl, podTable } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const CTX = 'podscope-local';
const NS = 'demo-crash-error';

/** A session whose messages are collected as the browser would read them off the wire. */
function capture(name: string) {
  const raw: unknown[] = [];
  const s = new Session(
    `${name}-${Math.random()}`,
    principalOf(LOCAL),
    (m) => {
      raw.push(
        Array.isArray(m)
          ? JSON.parse(
              Buffer.concat(m)
                .toString()
                .replace(/^data: /, ''),
            )
          : JSON.parse(JSON.stringify(m)),
      );
      return true;
    },
    () => {},
  );
  return { raw, s };
}

describe('the stream contract', () => {
  it('every message of every subscription kind parses', async () => {
    const { raw, s } = capture('contract');
    try {
      const [pod] = (await podTable(NS)).map((r) => r.name);
      s.subscribe('rows', { context: CTX, resource: 'pods', view: 'rows' });
      s.subscribe('pod', { context: CTX, resource: 'pods', namespace: NS, name: pod, view: 'objects' });
      s.subscribe('events', { context: CTX, resource: 'events', namespace: NS, involvedName: pod, view: 'rows' });
      s.subscribe('transitions', { context: CTX, resource: 'podtransitions', namespace: NS, name: pod, view: 'objects' });
      s.subscribe('triage', { context: CTX, resource: 'triage', view: 'objects' });
      s.subscribe('nodes', { context: CTX, resource: 'nodes', view: 'objects' });
      const msgs = () => raw.map((m) => serverMessage.parse(m) as ServerMessage);
      await eventually('a snapshot for each', async () =>
        ['rows', 'pod', 'events', 'transitions', 'triage', 'nodes'].every((id) =>
          msgs().some((m) => m.type === 'snapshot' && m.sub === id),
        ),
      );
      expect(msgs()[0].type).toBe('hello');
      const rows = msgs().find((m) => m.type === 'snapshot' && m.sub === 'rows') as Extract<ServerMessage, { type: 'snapshot' }>;
      expect(rows.items.length).toBeGreaterThan(10);
      for (const r of rows.items)
        expect(r).toMatchObject({
          key: expect.any(String),
          namespace: expect.any(String),
          name: expect.any(String),
          status: expect.any(String),
        });
    } finally {
      s.close();
    }
  });

  it("a namespace's events come newest first: the newest 500 as the snapshot, the rest in parts right after it, together all of them", async () => {
    const ns = `it-events-parts-${Date.now().toString(36)}`;
    await createNamespace(ns);
    const api = apiClient();
    const N = 1200;
    const t0 = Date.now() - N * 1000;
    // real Event objects written through the API server, one second apart
    for (let w = 0; w < N; w += 40)
      await Promise.all(
        Array.from({ length: Math.min(40, N - w) }, (_, k) => {
          const i = w + k;
          const at = new Date(t0 + i * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
          return api('POST', `/api/v1/namespaces/${ns}/events`, {
            metadata: { name: `e-${i}` },
            involvedObject: { kind: 'Pod', namespace: ns, name: `p-${i % 7}`, apiVersion: 'v1' },
            reason: 'Probe',
            message: `event ${i}`,
            type: 'Normal',
            firstTimestamp: at,
            lastTimestamp: at,
            count: 1,
            source: { component: 'test' },
          });
        }),
      );
    const { raw: unparsed, s } = capture('parts');
    const raw = unparsed as ServerMessage[];
    const check = () => unparsed.forEach((m) => serverMessage.parse(m));
    try {
      s.subscribe('ev', { context: CTX, resource: 'events', namespace: ns, view: 'rows' });
      const snap = await eventually('the snapshot', async () => raw.find((m) => m.type === 'snapshot' && m.sub === 'ev'));
      if (snap.type !== 'snapshot') throw new Error('not a snapshot');
      expect(snap.items).toHaveLength(500);
      expect(snap.more).toBe(1);
      const more = await eventually('the rest', async () => raw.find((m) => m.type === 'more' && m.sub === 'ev'));
      if (more.type !== 'more') throw new Error('not a part');
      expect(more.left).toBe(0);
      expect(raw.indexOf(more)).toBe(raw.indexOf(snap) + 1); // right after it, before any delta
      const msg = (e: unknown) => Number(/event (\d+)/.exec((e as { message: string }).message)?.[1]);
      const first = snap.items.map(msg);
      const rest = more.items.map(msg);
      // the snapshot holds the newest, each part older than what came before it
      expect(Math.min(...first)).toBe(N - 500);
      expect(Math.max(...rest)).toBe(N - 501);
      expect(new Set([...first, ...rest]).size).toBe(N);
      check(); // and every message, the parts included, keeps the contract
    } finally {
      s.close();
      await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
    }
  }, 120_000);
});
