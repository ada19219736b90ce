// With real ServiceAccount tokens (TokenRequest): a token limited to one namespace sees only
// that namespace's pods in streams, triage and diagnosis; everything else is forbidden, with
// the API server's own message naming the missing permission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherDiagnosisInput } from '@/server/diagnosis/gather';
import { principalOf, tokenIdentity } from '@/server/auth/identity';
import type { ServerMessage } from '@/lib/api/stream';
import { Session } from '@/server/stream/session';
import { paths } from '../../local-cluster/lib/paths.ts';
import { eventually, kubectl, podTable } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const NS = 'demo-healthy';
let token = '';

beforeAll(async () => {
  const manifests = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'viewer', namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pod-viewer', namespace: NS },
      rules: [
        { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['replicasets', 'deployments', 'statefulsets', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'viewer', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-viewer' },
      subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: NS }],
    },
  ];
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }) });
  token = (await kubectl(['-n', NS, 'create', 'token', 'viewer', '--duration=1h'])).stdout.trim();
});
afterAll(async () => {
  await kubectl(['-n', NS, 'delete', 'rolebinding/viewer', 'role/pod-viewer', 'serviceaccount/viewer'], { allowFail: true });
});

function session() {
  const msgs: ServerMessage[] = [];
  const s = new Session(
    `test-${Math.random()}`,
    principalOf(tokenIdentity(token, 'podscope-local')),
    (m) => {
      if (!Array.isArray(m)) msgs.push(m);
      else
        msgs.push(
          JSON.parse(
            Buffer.concat(m)
              .toString()
              .replace(/^data: /, ''),
          ),
        );
      return true;
    },
    () => {},
  );
  return { s, msgs };
}

describe('a namespace-scoped token', () => {
  it('streams its own namespace, and is refused everywhere else', async () => {
    const { s, msgs } = session();
    try {
      s.subscribe('own', { context: 'podscope-local', resource: 'pods', namespace: NS, view: 'rows' });
      s.subscribe('all', { context: 'podscope-local', resource: 'pods', view: 'rows' });
      s.subscribe('other', { context: 'podscope-local', resource: 'pods', namespace: 'demo-crash-error', view: 'rows' });
      const snap = await eventually('own snapshot', async () => msgs.find((m) => m.type === 'snapshot' && m.sub === 'own'));
      const want = (await podTable(NS)).map((r) => `${NS}/${r.name}`).sort();
      expect((snap as { items: { key: string }[] }).items.map((i) => i.key).sort()).toEqual(want);
      for (const sub of ['all', 'other']) {
        const st = await eventually(`${sub} forbidden`, async () =>
          msgs.find((m) => m.type === 'state' && m.sub === sub && m.state.phase === 'error'),
        );
        expect((st as { state: { errorKind: string; message: string } }).state.errorKind).toBe('forbidden');
        expect((st as { state: { message: string } }).state.message).toMatch(
          /system:serviceaccount:demo-healthy:viewer.*cannot list resource "pods"/,
        );
        expect(msgs.some((m) => m.type === 'snapshot' && m.sub === sub)).toBe(false);
      }
    } finally {
      s.close();
    }
  });

  it('triage and diagnosis: its own namespace only', async () => {
    const { s, msgs } = session();
    try {
      s.subscribe('tri', { context: 'podscope-local', resource: 'triage', namespace: NS, view: 'objects' });
      const snap = await eventually('triage snapshot', async () => msgs.find((m) => m.type === 'snapshot' && m.sub === 'tri'));
      for (const i of (snap as { items: { workload: { namespace: string } }[] }).items) expect(i.workload.namespace).toBe(NS);
      s.subscribe('tri-all', { context: 'podscope-local', resource: 'triage', view: 'objects' });
      await eventually('cluster-wide triage forbidden', async () =>
        msgs.find((m) => m.type === 'state' && m.sub === 'tri-all' && m.state.errorKind === 'forbidden'),
      );
    } finally {
      s.close();
    }
    const [own] = (await podTable(NS)).map((r) => r.name);
    const input = await gatherDiagnosisInput('podscope-local', NS, own, Date.now(), tokenIdentity(token, 'podscope-local'));
    expect(input.pod.metadata?.name).toBe(own);
    const [other] = (await podTable('demo-crash-error')).map((r) => r.name);
    await expect(
      gatherDiagnosisInput('podscope-local', 'demo-crash-error', other, Date.now(), tokenIdentity(token, 'podscope-local')),
    ).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('a bad token is unauthenticated, not anonymous', async () => {
    await expect(
      gatherDiagnosisInput('podscope-local', NS, 'x', Date.now(), tokenIdentity('not-a-real-token', 'podscope-local')),
    ).rejects.toMatchObject({ kind: 'unauthenticated' });
  });
});
