import { expect, test } from '@playwright/test';
import { SIM } from '../local-cluster/sim/convention.ts';
import { kubectl, podNames, uniq } from './support';
import { applySimPod, createNamespace } from '../test/support/local-cluster.ts';

const POD = (ns: string, name: string, qs = '') => `/c/podscope-local/pods/${ns}/${name}${qs}`;

test.describe('pod debug page', () => {
  test('shows live events and the timeline of a crash-looping pod', async ({ page }) => {
    const ns = uniq('e2e-pod');
    await createNamespace(ns);
    try {
      // a crashing pod created now, so its events arrive while the page is open
      await applySimPod(ns, 'crasher', { [SIM.fail]: 'crash', [SIM.runSeconds]: '2' });
      await page.goto(POD(ns, 'crasher', '?tab=events'));
      await expect(page.getByTestId('event-row').filter({ hasText: 'Started' })).toBeVisible({ timeout: 10_000 });
      await expect(page.locator('[data-testid="event-row"][data-reason="BackOff"]')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('pod-status')).toHaveText(/CrashLoopBackOff|Error|Running/);
      await page.getByTestId('tab-timeline').click();
      await expect(page).toHaveURL(/tab=timeline/);
      // lanes: the phase, each condition, the container
      const lanes = page.locator('[data-testid="timeline-lane"]');
      await expect(lanes.first()).toHaveAttribute('data-lane', 'pod phase');
      for (const l of ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready', 'app'])
        await expect(lanes.and(page.locator(`[data-lane="${l}"]`))).toHaveCount(1);
      await expect(page.locator('[data-testid="timeline-segment"][data-kind="terminated-error"]').first()).toBeVisible();
      await expect(page.locator('[data-testid="timeline-marker"][data-source="observed"]').first()).toBeAttached();
      // the crash loop as its runs: every run the recorder saw is a bar of its own, numbered, and
      // they are exactly the container's runs so far (restartCount + the current one, if started)
      const restarts = async () =>
        Number((await kubectl(['-n', ns, 'get', 'pod', 'crasher', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])).stdout);
      await expect.poll(restarts, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
      await expect
        .poll(
          async () => {
            const rc = await restarts();
            const runs = (
              await page
                .locator('[data-testid="timeline-segment"][data-run]')
                .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-run'))))
            ).sort((a, b) => a - b);
            const want = Array.from({ length: rc }, (_, i) => i + 1);
            return runs.length >= rc && runs.length <= rc + 1 && want.every((n, i) => runs[i] === n) && new Set(runs).size === runs.length;
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      await expect(page.locator('[data-testid="timeline-segment"][data-kind="waiting"][data-observed="true"]').first()).toBeAttached();
      await page.locator('[data-testid="timeline-marker"][data-label="BackOff"]').first().hover({ force: true });
      await expect(page.getByTestId('timeline-tooltip')).toContainText('BackOff');
      // and on focus (keyboard), with what it is
      await page.locator('[data-testid="timeline-marker"][data-label="Started"]').first().focus();
      await expect(page.getByTestId('timeline-tooltip')).toContainText('Started');
      // a relative window stays relative in the link; keyboard zoom and pan make it absolute
      await page.getByTestId('zoom-5m').click();
      await expect(page).toHaveURL(/last=5m/);
      await expect(page).not.toHaveURL(/from=/);
      await page.getByTestId('timeline-plot').focus();
      await page.keyboard.press('+');
      await expect(page).toHaveURL(/from=.*to=/);
      const zoomedFrom = new URL(page.url()).searchParams.get('from');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => new URL(page.url()).searchParams.get('from')).not.toBe(zoomedFrom);
      // the last axis label ends inside the plot
      const plot = await page.getByTestId('timeline-plot').boundingBox();
      const lastTick = await page.getByTestId('timeline-tick').last().boundingBox();
      expect(lastTick!.x + lastTick!.width).toBeLessThanOrEqual(plot!.x + plot!.width + 0.5);
      await page.getByTestId('zoom-5m').click();
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

  test('logs open where the diagnosis points; search jumps and filters; scrolling up pauses following; log state in the URL', async ({
    page,
  }) => {
    // a failing init container: the logs open on it, on its previous run while the next one waits
    const [pod] = await podNames('demo-init-crash');
    await page.goto(POD('demo-init-crash', pod, '?tab=logs'));
    await expect(page.getByTestId('log-container')).toHaveValue('migrate', { timeout: 15_000 });
    await expect(page.getByTestId('log-lines')).toContainText('schema_migrations', { timeout: 15_000 });

    // at 1400×900 the tabs and the log start above the fold: the diagnosis above is a summary
    await page.setViewportSize({ width: 1400, height: 900 });
    await expect(page.getByTestId('diagnosis')).toHaveAttribute('data-compact', 'true');
    expect((await page.getByTestId('log-lines').boundingBox())!.y).toBeLessThan(700);
    await page.getByTestId('finding-title').first().click();
    await expect(page.getByTestId('evidence').first()).toBeVisible();

    const [name] = await podNames('demo-healthy');
    await page.goto(POD('demo-healthy', name, '?tab=logs&tail=2000&ts=1'));
    await expect(page.getByTestId('log-tail')).toHaveValue('2000');
    await expect(page.getByTestId('log-timestamps')).toBeChecked();
    await expect(page.getByTestId('log-state')).toHaveAttribute('data-phase', 'live');
    await expect.poll(() => page.getByTestId('log-line').count(), { timeout: 10_000 }).toBeGreaterThan(3);
    // search: n jumps to a match and marks it (and stops following), "only matching" filters
    await page.getByTestId('log-search').fill('/api/cart');
    await page.getByTestId('log-lines').focus();
    await page.keyboard.press('n');
    await expect(page.locator('[data-testid="log-line"][data-current="true"]')).toContainText('/api/cart');
    await expect(page.getByTestId('log-matches')).toContainText(/^1 of \d+ matching lines/);
    await expect(page.getByTestId('log-resume-follow')).toBeVisible();
    // (the link holds the state: click, then the URL and the box follow)
    await page.getByTestId('log-only').click();
    await expect(page).toHaveURL(/only=1/);
    await expect(page.getByTestId('log-only')).toBeChecked();
    for (const t of await page.getByTestId('log-line').allTextContents()) expect(t).toContain('/api/cart');
    await page.getByTestId('log-only').click();
    await expect(page).not.toHaveURL(/only=1/);
    await page.getByTestId('log-resume-follow').click();
    await expect(page.getByTestId('log-pause')).toBeVisible();
    // scrolling up pauses following, and the control says so
    await page.getByTestId('log-lines').evaluate((el) => el.scrollTo(0, 0));
    await expect(page.getByTestId('log-resume-follow')).toContainText('follow paused');
    await page.getByTestId('log-follow').click();
    await expect(page).toHaveURL(/follow=0/);
    await expect(page.getByTestId('log-follow')).not.toBeChecked();
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
    // (Podscope may have preselected the previous container already: pin it in the link)
    const prev = page.getByTestId('log-previous');
    if (await prev.isChecked()) await prev.click();
    await prev.click();
    await expect(page).toHaveURL(/previous=1/);
    await expect(prev).toBeChecked();
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
