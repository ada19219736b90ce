import { expect, test } from '@playwright/test';
import { SIM } from '../local-cluster/sim/convention.ts';
import { kubectl, podNames, uniq } from './support';
import { createNamespace } from '../test/support/local-cluster.ts';

test('the triage board shows the scenario incidents, grouped and ranked by impact, the regression first', async ({ page }) => {
  await page.goto('/c/podscope-local/triage');
  const incidents = page.getByTestId('incident');
  await expect(page.locator('[data-testid="incident"][data-namespace="demo-image-not-found"]')).toHaveAttribute(
    'data-finding',
    'image.not-found',
    { timeout: 30_000 },
  );
  await expect(page.locator('[data-testid="incident"][data-namespace="demo-crash-oom"]')).toHaveAttribute(
    'data-finding',
    'crash.oom-killed',
  );
  await expect(page.locator('[data-testid="incident"][data-namespace="demo-rollout"]').first()).toBeVisible();
  // pods that were never created still make an incident: the ReplicaSet blocked by a quota
  await expect(page.locator('[data-testid="incident"][data-namespace="demo-quota"]')).toHaveAttribute(
    'data-finding',
    'controller.quota-exceeded',
  );
  // healthy scenarios never appear
  await expect(page.locator('[data-testid="incident"][data-namespace="demo-healthy"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="incident"][data-namespace="demo-job"]')).toHaveCount(0);
  // one incident per (workload, cause): the 3-pod pending deployment is not three incidents
  const ids = await incidents.evaluateAll((els) => els.map((e) => e.getAttribute('data-incident')));
  expect(new Set(ids).size).toBe(ids.length);
  // ranked by impact, each card saying why: the production regression (a rollout of a
  // 3-replica Deployment) comes first, ahead of single-replica workloads that never worked
  const scores = await incidents.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-score'))));
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  await expect(incidents.first()).toHaveAttribute('data-namespace', 'demo-rollout');
  await expect(incidents.first()).toHaveAttribute('data-finding', 'rollout.regression');
  await expect(incidents.first().getByTestId('rank-reasons')).toContainText('began with a rollout');
  await expect(incidents.first().getByTestId('blast-radius')).toContainText('/3');
  // the card links the workload (its failing pods) as well as a pod
  await expect(incidents.first().getByTestId('incident-workload')).toHaveAttribute(
    'href',
    '/c/podscope-local/w/demo-rollout/deployment/storefront',
  );
  // compact: 20 cards fit a 1080p screen
  await page.setViewportSize({ width: 1920, height: 1080 });
  expect(await incidents.count()).toBeGreaterThanOrEqual(20);
  const box = await incidents.nth(19).boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(1080);
  await page.screenshot({ path: 'docs/screenshots/triage.png' });
  // filters live in the URL
  await page.getByTestId('triage-category').selectOption('image');
  await expect(page).toHaveURL(/category=image/);
  await expect(incidents).toHaveCount(3);
  // one click to the most representative pod
  await incidents.first().getByTestId('incident-link').click();
  await expect(page.getByTestId('diagnosis')).toHaveAttribute('data-primary', /^image\./);
});

test('a newly failing pod appears on the board live', async ({ page }) => {
  const ns = uniq('e2e-triage');
  await createNamespace(ns);
  try {
    await page.goto('/c/podscope-local/triage');
    await expect(page.getByTestId('incident').first()).toBeVisible({ timeout: 30_000 });
    await kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'newly-broken', namespace: ns, annotations: { [SIM.fail]: 'image-not-found' } },
        spec: { containers: [{ name: 'web', image: 'nginx:0.0.0-nope' }] },
      }),
    });
    await expect(page.locator(`[data-testid="incident"][data-namespace="${ns}"]`)).toHaveAttribute('data-finding', 'image.not-found', {
      timeout: 20_000,
    });
  } finally {
    await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
  }
});

test("the pod page's diagnosis matches the API's", async ({ page, request }) => {
  for (const ns of ['demo-config-key', 'demo-pending-taint', 'demo-healthy']) {
    const [name] = await podNames(ns);
    const api = await (await request.get(`/api/c/podscope-local/pods/${ns}/${name}/diagnosis`)).json();
    await page.goto(`/c/podscope-local/pods/${ns}/${name}`);
    await expect(page.getByTestId('diagnosis')).toHaveAttribute('data-primary', api.primary ?? '');
    if (api.primary)
      await expect(page.getByTestId('finding-title').first()).toHaveText(
        api.findings.find((f: { id: string }) => f.id === api.primary).title,
      );
    else await expect(page.getByTestId('diagnosis-healthy')).toBeVisible();
  }
  const [oom] = await podNames('demo-crash-oom');
  await page.goto(`/c/podscope-local/pods/demo-crash-oom/${oom}`);
  await expect(page.getByTestId('remedy-command').first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/pod-diagnosis.png' });
});
