// Proxy mode (PODSCOPE_AUTH=proxy) against the real API server: the user and groups an
// authenticating proxy vouches for are impersonated on top of Podscope's own (admin) credentials,
// on plain requests and on watches, with every group as its own Impersonate-Group header. The
// only grant is a Role bound to the group podscope:oncall, so a user sees that namespace only
// when that group arrives, and never anything through Podscope's own rights.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@/lib/api/stream';
import { paths, REPO_DIR } from '../../local-cluster/lib/paths.ts';
import { eventually, kubectl, podTable } from '../support/local-cluster.ts';

const SECRET = randomBytes(32).toString('hex');
process.env.KUBECONFIG = paths.kubeconfig;
process.env.PODSCOPE_AUTH = 'proxy';
process.env.PODSCOPE_PROXY_SECRET = SECRET;
process.env.PODSCOPE_ACTIONS = 'on';
// imported after the environment is set: config() reads it once
const { identityKey, impersonateIdentity, principalOf, requestIdentity } = await import('@/server/auth/identity');
const { csrfToken } = await import('@/server/auth/csrf');
const { Session } = await import('@/server/stream/session');
const { gatherDiagnosisInput } = await import('@/server/diagnosis/gather');
const { kubeConfigFor } = await import('@/server/kube/clusters');
const { kubePost } = await import('@/server/kube/request');
const { ImpersonatingKubeConfig } = await import('@/server/kube/impersonate');
const { GET: diagnosisRoute } = await import('@/app/api/c/[context]/pods/[namespace]/[name]/diagnosis/route');
const { GET: actionsRoute } = await import('@/app/api/c/[context]/pods/[namespace]/[name]/actions/route');
const { POST: actRoute } = await import('@/app/api/c/[context]/pods/[namespace]/[name]/actions/[action]/route');

const CTX = 'podscope-local';
const NS = 'demo-healthy';
const GROUP = 'podscope:oncall';
const IMPERSONATOR = join(REPO_DIR, 'deploy', 'proxy-mode', 'impersonator.yaml');
const oncall = impersonateIdentity('alice', ['other', GROUP]); // the grant comes only through the second group
const outsider = impersonateIdentity('alice', ['other']);

beforeAll(async () => {
  const items = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'proxy-oncall', namespace: NS },
      rules: [
        { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['replicasets', 'deployments', 'statefulsets', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'proxy-oncall', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'proxy-oncall' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: GROUP }],
    },
  ];
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
});
afterAll(async () => {
  await kubectl(
    [
      '-n',
      NS,
      'delete',
      'rolebinding/proxy-oncall',
      'role/proxy-oncall',
      'pod/proxy-watch-probe',
      'serviceaccount/proxy-sa',
      '--ignore-not-found',
      '--wait=false',
    ],
    { allowFail: true },
  );
  await kubectl(['delete', 'clusterrolebinding/proxy-sa-impersonator', '--ignore-not-found'], { allowFail: true });
  await kubectl(['delete', '-f', IMPERSONATOR, '--ignore-not-found'], { allowFail: true });
});

function session(id: ReturnType<typeof impersonateIdentity>) {
  const msgs: ServerMessage[] = [];
  const s = new Session(
    `test-${Math.random()}`,
    principalOf(id),
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

/** Starts a watch with client-node's own Watch; resolves with the HTTP status it got. */
function watchStatus(id: ReturnType<typeof impersonateIdentity>, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let ctrl: AbortController | undefined;
    new Watch(kubeConfigFor(CTX, id))
      .watch(
        path,
        { timeoutSeconds: 5 },
        () => {},
        (err: unknown) => {
          const code = (err as { statusCode?: number } | null)?.statusCode;
          if (code) resolve(code);
          else if (err && !(err instanceof DOMException)) reject(err);
        },
      )
      .then((c) => {
        ctrl = c;
        if (!c.signal.aborted) {
          resolve(200);
          ctrl.abort();
        }
      }, reject);
  });
}

const proxyHeaders = (extra: Record<string, string> = {}) => ({
  'x-podscope-proxy-secret': SECRET,
  'x-forwarded-user': 'alice',
  'x-forwarded-groups': `other,${GROUP}`,
  ...extra,
});
const req = (headers: Record<string, string>, method = 'GET') =>
  new Request('http://127.0.0.1:3000/x', { method, headers: { host: '127.0.0.1:3000', ...headers } });

describe('proxy mode: impersonation', () => {
  it('the API server sees the user and every group (SelfSubjectReview)', async () => {
    const review = await kubePost<{ status: { userInfo: { username: string; groups: string[] } } }>(
      kubeConfigFor(CTX, oncall),
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    );
    expect(review.status.userInfo.username).toBe('alice');
    expect(review.status.userInfo.groups).toEqual(expect.arrayContaining(['other', GROUP, 'system:authenticated']));
    expect(review.status.userInfo.groups).not.toContain('system:masters');
  });

  it('watches carry the impersonation too', async () => {
    // Podscope's own credentials (system:masters) could watch everything: a 403 proves the user
    // header arrives, a 200 in the namespace proves the second group header does
    expect(await watchStatus(oncall, `/api/v1/namespaces/${NS}/pods`)).toBe(200);
    expect(await watchStatus(oncall, '/api/v1/pods')).toBe(403);
    expect(await watchStatus(outsider, `/api/v1/namespaces/${NS}/pods`)).toBe(403);
  });

  it("streams the group's namespace live, and is refused everywhere else", async () => {
    const { s, msgs } = session(oncall);
    try {
      s.subscribe('own', { context: CTX, resource: 'pods', namespace: NS, view: 'rows' });
      s.subscribe('all', { context: CTX, resource: 'pods', view: 'rows' });
      s.subscribe('other', { context: CTX, resource: 'pods', namespace: 'demo-crash-error', view: 'rows' });
      const snap = await eventually('own snapshot', async () => msgs.find((m) => m.type === 'snapshot' && m.sub === 'own'));
      const want = (await podTable(NS)).map((r) => `${NS}/${r.name}`).sort();
      expect((snap as { items: { key: string }[] }).items.map((i) => i.key).sort()).toEqual(want);
      for (const sub of ['all', 'other']) {
        const st = await eventually(`${sub} forbidden`, async () =>
          msgs.find((m) => m.type === 'state' && m.sub === sub && m.state.phase === 'error'),
        );
        expect((st as { state: { errorKind: string } }).state.errorKind).toBe('forbidden');
        expect((st as { state: { message: string } }).state.message).toMatch(/User "alice" cannot list resource "pods"/);
        expect(msgs.some((m) => m.type === 'snapshot' && m.sub === sub)).toBe(false);
      }
      // a pod created now reaches the stream through the (impersonated) watch
      await kubectl(['-n', NS, 'run', 'proxy-watch-probe', '--image=nginx:1.27', '--restart=Never']);
      await eventually(
        'the new pod as a delta',
        async () => msgs.some((m) => m.type === 'deltas' && m.sub === 'own' && JSON.stringify(m.upserts).includes('proxy-watch-probe')),
        30_000,
      );
    } finally {
      s.close();
    }
  });

  it('without the granting group: forbidden, and the API server names alice', async () => {
    const { s, msgs } = session(outsider);
    try {
      s.subscribe('own', { context: CTX, resource: 'pods', namespace: NS, view: 'rows' });
      const st = await eventually('forbidden', async () =>
        msgs.find((m) => m.type === 'state' && m.sub === 'own' && m.state.phase === 'error'),
      );
      expect((st as { state: { errorKind: string; message: string } }).state).toMatchObject({ errorKind: 'forbidden' });
      expect((st as { state: { message: string } }).state.message).toMatch(
        /User "alice" cannot list resource "pods" in API group "" in the namespace "demo-healthy"/,
      );
    } finally {
      s.close();
    }
    const [pod] = (await podTable(NS)).map((r) => r.name);
    await expect(gatherDiagnosisInput(CTX, NS, pod, Date.now(), outsider)).rejects.toMatchObject({
      kind: 'forbidden',
      message: expect.stringMatching(/User "alice"/),
    });
  });

  it("triage and diagnosis: the group's namespace only", async () => {
    const { s, msgs } = session(oncall);
    try {
      s.subscribe('tri', { context: CTX, resource: 'triage', namespace: NS, view: 'objects' });
      const snap = await eventually('triage snapshot', async () => msgs.find((m) => m.type === 'snapshot' && m.sub === 'tri'));
      for (const i of (snap as { items: { workload: { namespace: string } }[] }).items) expect(i.workload.namespace).toBe(NS);
      s.subscribe('tri-all', { context: CTX, resource: 'triage', view: 'objects' });
      await eventually('cluster-wide triage forbidden', async () =>
        msgs.find((m) => m.type === 'state' && m.sub === 'tri-all' && m.state.errorKind === 'forbidden'),
      );
    } finally {
      s.close();
    }
    const [own] = (await podTable(NS)).map((r) => r.name);
    expect((await gatherDiagnosisInput(CTX, NS, own, Date.now(), oncall)).pod.metadata?.name).toBe(own);
    const [other] = (await podTable('demo-crash-error')).map((r) => r.name);
    await expect(gatherDiagnosisInput(CTX, 'demo-crash-error', other, Date.now(), oncall)).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe("proxy mode: a service account with deploy/proxy-mode's role", () => {
  it('may impersonate with that role, and not without it', async () => {
    // Podscope's credentials in a cluster: a service account token, not the admin certificate
    await kubectl(['-n', NS, 'create', 'serviceaccount', 'proxy-sa']);
    const token = (await kubectl(['-n', NS, 'create', 'token', 'proxy-sa', '--duration=1h'])).stdout.trim();
    const admin = kubeConfigFor(CTX);
    const cluster = admin.getCurrentCluster()!;
    const sa = new KubeConfig();
    sa.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'sa', token }],
      contexts: [{ name: 'sa', cluster: cluster.name, user: 'sa' }],
      currentContext: 'sa',
    });
    const review = () =>
      kubePost<{ status: { userInfo: { username: string; groups: string[] } } }>(
        new ImpersonatingKubeConfig(sa, { user: 'alice', groups: ['other', GROUP] }),
        '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      );
    // (Kubernetes 1.36 names its constrained-impersonation verb here, impersonate-on:user-info:…)
    await expect(review()).rejects.toMatchObject({
      kind: 'forbidden',
      message: expect.stringMatching(/User "system:serviceaccount:demo-healthy:proxy-sa" cannot impersonate/),
    });
    await kubectl(['apply', '-f', IMPERSONATOR]);
    await kubectl([
      'create',
      'clusterrolebinding',
      'proxy-sa-impersonator',
      '--clusterrole=podscope-impersonator',
      `--serviceaccount=${NS}:proxy-sa`,
    ]);
    const r = await eventually('impersonation allowed', async () => review().catch(() => undefined), 15_000);
    expect(r.status.userInfo).toMatchObject({ username: 'alice', groups: expect.arrayContaining(['other', GROUP]) });
  });
});

describe("proxy mode: the request's identity", () => {
  it('needs the proxy secret and a user; there is no anonymous fallback', () => {
    const refused = (headers: Record<string, string>) => {
      try {
        requestIdentity(req(headers), 'podscope-local');
        return undefined;
      } catch (err) {
        return err as { kind: string; message: string };
      }
    };
    expect(refused({ 'x-forwarded-user': 'alice' })).toMatchObject({
      kind: 'unauthenticated',
      message: expect.stringMatching(/no x-podscope-proxy-secret header/),
    });
    expect(refused(proxyHeaders({ 'x-podscope-proxy-secret': 'wrong' }))).toMatchObject({
      kind: 'unauthenticated',
      message: expect.stringMatching(/does not match/),
    });
    expect(refused(proxyHeaders({ 'x-podscope-proxy-secret': `${SECRET}x` }))).toMatchObject({ kind: 'unauthenticated' });
    expect(refused(proxyHeaders({ 'x-forwarded-user': '' }))).toMatchObject({
      kind: 'unauthenticated',
      message: expect.stringMatching(/no user/),
    });
    // a message never repeats the secret
    expect(JSON.stringify(refused(proxyHeaders({ 'x-podscope-proxy-secret': 'wrong' })))).not.toContain(SECRET);

    const id = requestIdentity(req(proxyHeaders()), 'podscope-local');
    expect(id).toMatchObject({ kind: 'impersonate', user: 'alice', groups: ['other', GROUP] });
    const h = new Headers(proxyHeaders());
    h.delete('x-forwarded-groups');
    h.append('x-forwarded-groups', 'other');
    h.append('x-forwarded-groups', GROUP);
    expect(requestIdentity(new Request('http://127.0.0.1:3000/x', { headers: h }), 'podscope-local')).toMatchObject({
      groups: ['other', GROUP],
    });
  });

  it('keys differ by groups (caches, CSRF) and never contain the names', () => {
    const id = requestIdentity(req(proxyHeaders()), 'podscope-local');
    const fewer = requestIdentity(req(proxyHeaders({ 'x-forwarded-groups': 'other' })), 'podscope-local');
    const reordered = requestIdentity(req(proxyHeaders({ 'x-forwarded-groups': `${GROUP}, other` })), 'podscope-local');
    expect(identityKey(CTX, id)).not.toBe(identityKey(CTX, fewer));
    expect(identityKey(CTX, id)).toBe(identityKey(CTX, reordered));
    expect(identityKey(CTX, id)).toMatch(/^impersonate:[0-9a-f]{24}$/);
    expect(csrfToken(CTX, id)).not.toBe(csrfToken(CTX, fewer));
  });

  it("route handlers act as the proxy's user: 401 without the proxy, the user's rights with it", async () => {
    const [own] = (await podTable(NS)).map((r) => r.name);
    const params = (namespace: string, name: string, action = '') => ({
      params: Promise.resolve({ context: CTX, namespace, name, action }),
    });
    expect((await diagnosisRoute(req({ 'x-forwarded-user': 'alice' }), params(NS, own))).status).toBe(401);
    expect((await diagnosisRoute(req(proxyHeaders()), params(NS, own))).status).toBe(200);
    expect((await diagnosisRoute(req(proxyHeaders({ 'x-forwarded-groups': 'other' })), params(NS, own))).status).toBe(403);
    // actions: alice may not delete, so she is not offered it, and the API server refuses it as her
    const info = (await (await actionsRoute(req(proxyHeaders()), params(NS, own))).json()) as { delete: boolean; csrf: string };
    expect(info.delete).toBe(false);
    const res = await actRoute(
      req({ ...proxyHeaders(), origin: 'http://127.0.0.1:3000', 'x-podscope-csrf': info.csrf }, 'POST'),
      params(NS, own, 'delete'),
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/User "alice" cannot delete resource "pods"/);
    expect((await podTable(NS)).map((r) => r.name)).toContain(own);
  });
});
