// Proxy mode in the browser, against its own Podscope server (PODSCOPE_AUTH=proxy): Playwright
// plays the authenticating proxy by adding its headers (shared secret, user, groups) to every
// request, the stream included. With them, the user sees what their group may read; without
// them, or with a wrong secret, a 401 and no login; the secret never reaches the server's log.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_DIR } from '../local-cluster/lib/paths.ts';
import { startAppServer, stopAppServer } from './app-server';
import { kubectl, podNames } from './support';

const NS = 'demo-healthy';
const GROUP = 'e2e:oncall';
const SECRET = randomBytes(32).toString('hex');
const PROXY = { 'x-podscope-proxy-secret': SECRET, 'x-forwarded-user': 'erin', 'x-forwarded-groups': `other,${GROUP}` };
let base = '';

test.beforeAll(async () => {
  const items = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'e2e-oncall', namespace: NS },
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
      metadata: { name: 'e2e-oncall', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'e2e-oncall' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: GROUP }],
    },
  ];
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
  base = (await startAppServer({ name: 'e2e-proxy-server', env: { PODSCOPE_AUTH: 'proxy', PODSCOPE_PROXY_SECRET: SECRET } })).url;
});
test.afterAll(async () => {
  stopAppServer('e2e-proxy-server');
  await kubectl(['-n', NS, 'delete', 'rolebinding/e2e-oncall', 'role/e2e-oncall'], { allowFail: true });
});

test("proxy mode: 401 without the proxy, the group's namespace with it, no login", async ({ browser, request }) => {
  const bare = await request.get(`${base}/c/podscope-local/pods?ns=${NS}`, { maxRedirects: 0 });
  expect(bare.status()).toBe(401);
  expect(await bare.text()).toContain('Not authenticated by the proxy');
  expect((await request.get(`${base}/api/clusters`)).status()).toBe(401);
  const wrong = await request.get(`${base}/api/clusters`, { headers: { ...PROXY, 'x-podscope-proxy-secret': 'x'.repeat(64) } });
  expect(wrong.status()).toBe(401);
  expect(((await wrong.json()) as { error: { message: string } }).error.message).toContain('does not match');
  expect((await request.get(`${base}/login`, { headers: PROXY })).status()).toBe(404);

  const ctx = await browser.newContext({ extraHTTPHeaders: PROXY });
  const page = await ctx.newPage();
  await page.goto(`${base}/c/podscope-local/pods?ns=${NS}`);
  await expect(page.getByTestId('cluster-info')).toContainText('you are erin');
  const want = (await podNames(NS)).sort();
  await expect
    .poll(async () =>
      (await page.getByTestId('pod-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')!.split('/')[1]))).sort(),
    )
    .toEqual(want);
  await page.goto(`${base}/c/podscope-local/pods`);
  await expect(page.getByTestId('list-error')).toContainText('User "erin" cannot list resource "pods"');
  await ctx.close();

  // the same browser without the proxy in front: the plain 401 page
  const plain = await browser.newContext();
  const p2 = await plain.newPage();
  const res = await p2.goto(`${base}/c/podscope-local/pods?ns=${NS}`);
  expect(res?.status()).toBe(401);
  await expect(p2.locator('body')).toContainText('Not authenticated by the proxy');
  await plain.close();

  expect(readFileSync(join(REPO_DIR, 'test-results', 'e2e-proxy-server.log'), 'utf8')).not.toContain(SECRET);
});
