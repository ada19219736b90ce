// Access to watch caches is the API server's to give, now: a watch it refuses stops (no retry
// loop against it), and a new subscriber to a cache that is already running is asked about
// (SelfSubjectAccessReview) before it gets anything, so a deleted RoleBinding stops new streams
// even while the cache it shared keeps running. Real ServiceAccount tokens, real RBAC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@/lib/api/stream';
import { principalOf, tokenIdentity } from '@/server/auth/identity';
import { metrics, metricValue } from '@/server/metrics';
import { Session } from '@/server/stream/session';
import { acquire, cacheStats } from '@/server/watch/cache';
import { paths } from '../../local-cluster/lib/paths.ts';
import { createNamespace, eventually, kubectl } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const CTX = 'podscope-local';
const NS = `access-${Date.now().toString(36)}`;
let token = '';

beforeAll(async () => {
  await createNamespace(NS);
  const items = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader', namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reader', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: NS }],
    },
  ];
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
  token = (await kubectl(['-n', NS, 'create', 'token', 'reader', '--duration=1h'])).stdout.trim();
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

function session() {
  const msgs: ServerMessage[] = [];
  const s = new Session(
    `acc-${Math.random()}`,
    principalOf(tokenIdentity(token, CTX)),
    (m) => {
      msgs.push(
        Array.isArray(m)
          ? JSON.parse(
              Buffer.concat(m)
                .toString()
                .replace(/^data: /, ''),
            )
          : m,
      );
      return true;
    },
    () => {},
  );
  return { s, msgs };
}
const upstream = () => metricValue(metrics.upstreamRequests, { method: 'GET' });

describe('a watch the API server refuses', () => {
  it('stops instead of retrying, and leaves the cache for a fresh start', async () => {
    const bad = tokenIdentity('not-a-token', CTX);
    const before = await upstream();
    const { reflector, release } = acquire({ context: CTX, identity: bad, resource: 'pods', namespace: NS });
    await eventually('refused', async () => reflector.state.phase === 'error');
    expect(reflector.state.errorKind).toBe('unauthenticated');
    await new Promise((r) => setTimeout(r, 3000));
    expect((await upstream()) - before).toBe(1); // the one list, never retried
    expect(cacheStats().some((c) => c.key.includes(`|pods|${NS}`) && c.phase === 'error')).toBe(false);
    release();
  });
});

describe('a new subscriber after the RoleBinding is gone', () => {
  it('is refused although the shared cache still runs for the first one', async () => {
    const first = session();
    const second = session();
    try {
      first.s.subscribe('p', { context: CTX, resource: 'pods', namespace: NS, view: 'rows' });
      await eventually('first snapshot', async () => first.msgs.find((m) => m.type === 'snapshot' && m.sub === 'p'));
      await kubectl(['-n', NS, 'delete', 'rolebinding', 'reader']);
      await new Promise((r) => setTimeout(r, 10_500)); // the access answer is remembered for 10 s
      expect(cacheStats().some((c) => c.key.includes(`|pods|${NS}`) && c.phase === 'live')).toBe(true); // its watch goes on
      second.s.subscribe('p', { context: CTX, resource: 'pods', namespace: NS, view: 'rows' });
      const st = await eventually('refused', async () =>
        second.msgs.find((m) => m.type === 'state' && m.sub === 'p' && m.state.phase === 'error'),
      );
      expect(st).toMatchObject({
        state: { errorKind: 'forbidden', message: expect.stringMatching(/cannot list resource "pods" in API group "" in the namespace/) },
      });
      expect(second.msgs.some((m) => m.type === 'snapshot')).toBe(false);
    } finally {
      first.s.close();
      second.s.close();
    }
  }, 60_000);
});
