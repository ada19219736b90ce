// The stream's messages as the real server sends them, for every kind of subscription, parsed
// with the contract both sides share (lib/api/stream.ts). The browser does not re-validate each
// delta of 10,000 pods, so this is where a message that breaks the contract is caught.
import { describe, expect, it } from 'vitest';
import { serverMessage, type ServerMessage } from '@/lib/api/stream';
import { LOCAL, principalOf } from '@/server/auth/identity';
import { Session } from '@/server/stream/session';
import { paths } from '../../local-cluster/lib/paths.ts';
import { eventually, podTable } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const CTX = 'podscope-local';
const NS = 'demo-crash-error';

describe('the stream contract', () => {
  it('every message of every subscription kind parses', async () => {
    const raw: unknown[] = [];
    const s = new Session(
      `contract-${Math.random()}`,
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
});
