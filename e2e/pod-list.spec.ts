import { expect, test } from '@playwright/test';
import { kubectl, podNames, podTable, uniq } from './support';
import { createNamespace } from '../test/support/local-cluster.ts';

const LIST = '/c/podscope-local/pods';

test.describe('pod list', () => {
  test('shows the scenario pods with the STATUS kubectl shows', async ({ page }) => {
    await page.goto(LIST);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-phase', 'live');
    for (const ns of ['demo-healthy', 'demo-crash-error', 'demo-config-secret', 'demo-gated', 'demo-job']) {
      const want = await podTable(ns);
      for (const w of want) {
        const row = page.locator(`[data-testid="pod-row"][data-pod="${ns}/${w.name}"]`);
        await page.getByTestId('pod-search').fill(w.name);
        await expect(row).toBeVisible();
        await expect(row.locator('[data-col="ready"]')).toHaveText(w.ready);
      }
    }
    await page.getByTestId('pod-search').fill('');
    // filtering and sorting ran in the list's Web Worker, not on the page (components/pods/use-list-index.ts)
    expect(page.workers().length).toBeGreaterThan(0);
    await page.screenshot({ path: 'docs/screenshots/pod-list.png' });
  });

  test('a pod created with kubectl appears within 2 s; a deleted one disappears', async ({ page }) => {
    const ns = uniq('e2e-list');
    await createNamespace(ns);
    try {
      await page.goto(`${LIST}?ns=${ns}`);
      await expect(page.getByTestId('connection-state')).toHaveAttribute('data-phase', 'live');
      await expect(page.getByTestId('no-pods')).toBeVisible();
      const t0 = Date.now();
      await kubectl(['-n', ns, 'run', 'fresh', '--image=nginx:1.27', '--restart=Never']);
      const row = page.locator(`[data-testid="pod-row"][data-pod="${ns}/fresh"]`);
      await expect(row).toBeVisible({ timeout: 2000 });
      expect(Date.now() - t0).toBeLessThan(2500);
      await expect(row).toHaveAttribute('data-status', 'Running', { timeout: 10_000 });
      await kubectl(['-n', ns, 'delete', 'pod', 'fresh', '--grace-period=0', '--force']);
      await expect(row).toHaveCount(0, { timeout: 2000 });
    } finally {
      await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
    }
  });

  test('filters live in the URL and survive a reload; the keyboard drives the list', async ({ page }) => {
    await page.goto(`${LIST}?l=${encodeURIComponent('app=web')}&ns=demo-healthy`);
    const rows = page.getByTestId('pod-row');
    await expect(rows).toHaveCount((await podNames('demo-healthy', 'app=web')).length);
    await page.getByTestId('label-filter').fill('app in (');
    await expect(page.getByTestId('selector-error')).toBeVisible();
    await page.getByTestId('label-filter').fill('app=web');
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await expect(page.getByTestId('pod-search')).toBeFocused();
    await page.keyboard.type('web');
    await expect(page).toHaveURL(/q=web/);
    await page.reload();
    await expect(page.getByTestId('pod-search')).toHaveValue('web');
    await expect(page).toHaveURL(/ns=demo-healthy/);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/pods\/demo-healthy\/web-/);
    await expect(page.getByTestId('pod-status')).toHaveText('Running');
  });

  test('sorting by restarts puts the crash loops first', async ({ page }) => {
    await page.goto(`${LIST}?sort=restarts&desc=1&q=demo-crash`);
    const first = page.getByTestId('pod-row').first();
    await expect(first.locator('[data-col="restarts"]')).toHaveText(/^[1-9]\d* \(/);
  });
});
