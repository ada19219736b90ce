import { expect, test } from '@playwright/test';
import { SIM } from '../local-cluster/sim/convention.ts';
import { kubectl, podNames, uniq } from './support';
import { createNamespace } from '../test/support/local-cluster.ts';

const POD = (ns: string, name: string, qs = '') => `/c/podscope-local/pods/${ns}/${name}${qs}`;

test.describe('pod debug page', () => {
  test('shows live events and the timeline of a crash-looping pod', async ({ page }) => {
    const ns = uniq('e2e-pod');
    await createNamespace(ns);
    try {
      // a crashing pod created now, so its events arrive while the page is open
      await kubectl(['apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'crasher', namespace: ns, annotations: { [SIM.fail]: 'crash', [SIM.runSeconds]: '2' } },
          spec: { containers: [{ name: 'app', image: 'ghcr.io/podscope-demo/app:1.0.0' }] },
        }),
      });
      await page.goto(POD(ns, 'crasher', '?tab=events'));
      await expect(page.getByTestId('event-row').filter({ hasText: 'Started' })).toBeVisible({ timeout: 10_000 });
      await expect(page.locator('[data-testid="event-row"][data-reason="BackOff"]')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('pod-status')).toHaveText(/CrashLoopBackOff|Error|Running/);
      await page.getByTestId('tab-timeline').click();
      await expect(page).toHaveURL(/tab=timeline/);
      await expect(page.locator('[data-testid="timeline-lane"]')).toHaveCount(2);
      await expect(page.locator('[data-testid="timeline-segment"][data-kind="terminated-error"]').first()).toBeVisible();
      await expect(page.locator('[data-testid="timeline-marker"][data-source="observed"]').first()).toBeAttached();
      await page.locator('[data-testid="timeline-marker"][data-label="BackOff"]').first().hover({ force: true });
      await expect(page.getByTestId('timeline-tooltip')).toContainText('BackOff');
      await page.getByTestId('zoom-5m').click();
      await expect(page).toHaveURL(/from=/);
      await page.screenshot({ path: 'docs/screenshots/pod-timeline.png' });
      // deleted while we look: the page says so and keeps what it saw
      await kubectl(['-n', ns, 'delete', 'pod', 'crasher', '--grace-period=0', '--force']);
      await expect(page.getByTestId('pod-deleted')).toBeVisible({ timeout: 5000 });
      await expect(page.getByTestId('timeline')).toBeVisible();
    } finally {
      await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
    }
  });

  test('logs follow new lines; search highlights', async ({ page }) => {
    const [name] = await podNames('demo-healthy');
    await page.goto(POD('demo-healthy', name, '?tab=logs'));
    await expect(page.getByTestId('log-state')).toHaveAttribute('data-phase', 'live');
    const count = async () => page.getByTestId('log-line').filter({ hasText: 'seq=' }).count();
    await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(0);
    const lastSeq = async () =>
      Number((await page.getByTestId('log-line').filter({ hasText: 'seq=' }).last().textContent())?.match(/seq=(\d+)/)?.[1] ?? -1);
    const before = await lastSeq();
    await expect.poll(lastSeq, { timeout: 10_000 }).toBeGreaterThan(before + 1);
    await page.getByTestId('log-search').fill('/api/cart');
    await expect(page.locator('[data-testid="log-lines"] mark').first()).toHaveText('/api/cart');
    await expect(page).toHaveURL(/q=%2Fapi%2Fcart/);
  });

  test('previous logs of a crash-looping container; a plain answer when there is none', async ({ page }) => {
    const [crash] = await podNames('demo-crash-error');
    await page.goto(POD('demo-crash-error', crash, '?tab=logs&previous=1'));
    await expect(page.getByTestId('log-lines')).toContainText('fatal: giving up after 3 attempts');
    const [healthy] = await podNames('demo-healthy');
    await page.goto(POD('demo-healthy', healthy, '?tab=logs&previous=1'));
    await expect(page.getByTestId('log-unavailable')).toContainText('has not restarted, so there is no previous container');
  });

  test('a copied link opened in a fresh browser context shows the same view', async ({ browser, page }) => {
    const [crash] = await podNames('demo-crash-error');
    await page.goto(POD('demo-crash-error', crash));
    await page.getByTestId('tab-logs').click();
    await page.getByTestId('log-previous').click();
    await expect(page.getByTestId('log-previous')).toBeChecked();
    await page.getByTestId('log-search').fill('database');
    await expect(page).toHaveURL(/q=database/);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByTestId('copy-link').click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain('tab=logs');
    const fresh = await browser.newContext();
    const p2 = await fresh.newPage();
    await p2.goto(link);
    await expect(p2.getByTestId('tab-logs')).toHaveAttribute('aria-selected', 'true');
    await expect(p2.getByTestId('log-previous')).toBeChecked();
    await expect(p2.getByTestId('log-search')).toHaveValue('database');
    await expect(p2.locator('[data-testid="log-lines"] mark').first()).toHaveText('database');
    await p2.goto(link.replace(/\?.*$/, ''));
    await expect(p2.getByTestId('pod-status')).toHaveText(/CrashLoopBackOff|Error|Running/);
    await p2.screenshot({ path: 'docs/screenshots/pod-page.png' });
    await fresh.close();
  });

  test('not found and bad names get a clear page', async ({ page }) => {
    await page.goto(POD('demo-healthy', 'no-such-pod-xyz'));
    await expect(page.getByTestId('pod-not-found')).toBeVisible();
    const res = await page.request.get('/api/c/podscope-local/pods/demo-healthy/..%2F..%2Fetc/logs?container=web');
    expect(res.status()).toBe(400);
    // security headers on every response
    const h = (await page.request.get('/healthz')).headers();
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy']).toContain("connect-src 'self'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('same-origin');
  });
});
