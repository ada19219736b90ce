// Token mode, against its own Podscope server (PODSCOPE_AUTH=token) and real ServiceAccount
// tokens: no token → 401 and the login page; a token limited to one namespace sees only that
// namespace; a forbidden page says which permission is missing; the cookie is HttpOnly, Secure,
// SameSite=Strict; a cross-site login is refused.
import { expect, test } from '@playwright/test';
import { startAppServer, stopAppServer } from './app-server';
import { kubectl, podNames } from './support';
import { createNamespace } from '../test/support/local-cluster.ts';

const NS = 'demo-healthy';
let base = '';
let token = '';

test.beforeAll(async () => {
  const items = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'e2e-viewer', namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'e2e-viewer', namespace: NS },
      rules: [
        {
          apiGroups: ['', 'apps', 'batch'],
          resources: ['pods', 'pods/log', 'events', 'replicasets', 'deployments', 'jobs'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'e2e-viewer', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'e2e-viewer' },
      subjects: [{ kind: 'ServiceAccount', name: 'e2e-viewer', namespace: NS }],
    },
  ];
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
  token = (await kubectl(['-n', NS, 'create', 'token', 'e2e-viewer', '--duration=1h'])).stdout.trim();
  base = (await startAppServer({ name: 'e2e-token-server', env: { PODSCOPE_AUTH: 'token', PODSCOPE_ACTIONS: 'on' } })).url;
});
test.afterAll(async () => {
  stopAppServer('e2e-token-server');
  await kubectl(['-n', NS, 'delete', 'rolebinding/e2e-viewer', 'role/e2e-viewer', 'serviceaccount/e2e-viewer'], { allowFail: true });
});

test('token mode: 401 without a token, login, namespace-scoped views, forbidden pages', async ({ browser, request }) => {
  expect((await request.get(`${base}/api/clusters`)).status()).toBe(401);
  expect((await request.get(`${base}/api/c/podscope-local/pods/${NS}/x/diagnosis`)).status()).toBe(401);
  const cross = await request.post(`${base}/api/auth/login`, {
    form: { token, next: '/' },
    headers: { Origin: 'https://evil.example' },
    maxRedirects: 0,
  });
  expect(cross.status()).toBe(403);

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${base}/c/podscope-local/pods?ns=${NS}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByTestId('login-token').fill('not-a-valid-token');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('rejected');
  await page.getByTestId('login-token').fill(token);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(new RegExp(`/c/podscope-local/pods\\?ns=${NS}`));
  const cookie = (await ctx.cookies()).find((c) => c.name.startsWith('podscope_token_'))!; // one per context
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('podscope_token');
  await expect(page.getByTestId('cluster-info')).toContainText('system:serviceaccount:demo-healthy:e2e-viewer');
  const want = (await podNames(NS)).sort();
  await expect
    .poll(async () =>
      (await page.getByTestId('pod-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')!.split('/')[1]))).sort(),
    )
    .toEqual(want);

  await page.goto(`${base}/c/podscope-local/pods`);
  await expect(page.getByTestId('list-error')).toContainText('cannot list resource "pods"');
  const [other] = await podNames('demo-crash-error');
  await page.goto(`${base}/c/podscope-local/pods/demo-crash-error/${other}`);
  await expect(page.getByTestId('pod-error')).toContainText('Forbidden');
  await expect(page.getByTestId('pod-error')).toContainText('in the namespace "demo-crash-error"');
  const diag = await page.request.get(`${base}/api/c/podscope-local/pods/demo-crash-error/${other}/diagnosis`);
  expect(diag.status()).toBe(403);
  // no delete rights: no delete button, even with actions on
  await page.goto(`${base}/c/podscope-local/pods/${NS}/${want[0]}`);
  await expect(page.getByTestId('pod-status')).toBeVisible();
  await expect(page.getByTestId('copy-link')).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('action-delete')).toHaveCount(0);
  await ctx.close();
});

test('token mode with actions on: a user allowed to delete sees the button, confirms, and the pod goes', async ({ browser }) => {
  const ns = `e2e-actions-${Date.now().toString(36)}`;
  await createNamespace(ns);
  try {
    await kubectl(['-n', ns, 'run', 'doomed', '--image=nginx:1.27', '--restart=Never']);
    await kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'operator', namespace: ns } },
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'Role',
            metadata: { name: 'operator', namespace: ns },
            rules: [{ apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch', 'delete'] }],
          },
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'RoleBinding',
            metadata: { name: 'operator', namespace: ns },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'operator' },
            subjects: [{ kind: 'ServiceAccount', name: 'operator', namespace: ns }],
          },
        ],
      }),
    });
    const opToken = (await kubectl(['-n', ns, 'create', 'token', 'operator'])).stdout.trim();
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/login?next=${encodeURIComponent(`/c/podscope-local/pods/${ns}/doomed`)}`);
    await page.getByTestId('login-token').fill(opToken);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('pod-status')).toHaveText('Running', { timeout: 15_000 });
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('action-delete').click();
    await expect(page.getByTestId('action-result')).toContainText('being deleted');
    await expect(page.getByTestId('pod-deleted')).toBeVisible({ timeout: 10_000 });
    await ctx.close();
  } finally {
    await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
  }
});
