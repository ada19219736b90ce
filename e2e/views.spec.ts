// The on-call views beyond the pod list: the cluster events explorer (live and recorded events,
// filters in the URL, links to objects), workload pages that know a workload that does not exist,
// the pod list filtered by a Deployment (through its ReplicaSets), and addresses Podscope refuses
// with a page of its own.
import { expect, test } from '@playwright/test';
import { SIM } from '../local-cluster/sim/convention.ts';
import { createNamespace } from '../test/support/local-cluster.ts';
import { kubectl, podNames, uniq } from './support';

const CTX = '/c/podscope-local';

test('events explorer: live and recorded events, filtered in the URL, each linked to its object', async ({ page }) => {
  test.setTimeout(120_000);
  const ns = uniq('e2e-events');
  await createNamespace(ns);
  try {
    await kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'crasher', namespace: ns, annotations: { [SIM.fail]: 'crash', [SIM.runSeconds]: '2' } },
            spec: { containers: [{ name: 'app', image: 'ghcr.io/podscope-demo/app:1.0.0' }] },
          },
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'calm', namespace: ns },
            spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
          },
        ],
      }),
    });
    await page.goto(`${CTX}/events?ns=${ns}`);
    const rows = page.getByTestId('events-row');
    await expect(rows.filter({ hasText: 'calm' }).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-testid="events-row"][data-reason="BackOff"]').first()).toBeVisible({ timeout: 60_000 });
    await page.screenshot({ path: 'docs/screenshots/events.png' });

    // type in the URL: only warnings
    await page.getByTestId('events-filter-type').selectOption('Warning');
    await expect(page).toHaveURL(/type=Warning/);
    await expect(page.locator('[data-testid="events-row"][data-type="Normal"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="events-row"][data-type="Warning"]').first()).toBeVisible();
    // a reason group narrows to that reason
    await page.locator('[data-testid="events-group"][data-reason="BackOff"]').click();
    await expect(page).toHaveURL(/reason=BackOff/);
    for (const r of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))) expect(r).toBe('BackOff');
    // the row links to its pod
    await rows.first().getByTestId('events-object').click();
    await expect(page).toHaveURL(new RegExp(`/pods/${ns}/crasher`));

    // an event the API server no longer has (deleted as its TTL would): still there, recorded
    const name = (
      await kubectl([
        '-n',
        ns,
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=calm,reason=Scheduled',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      ])
    ).stdout;
    expect(name).not.toBe('');
    await page.waitForTimeout(1000); // (the recorder commits every 250 ms)
    await kubectl(['-n', ns, 'delete', 'event', name]);
    await page.goto(`${CTX}/events?ns=${ns}&name=calm&reason=Scheduled`);
    await expect(page.locator('[data-testid="events-row"][data-recorded="true"]')).toHaveCount(1, { timeout: 15_000 });
    await expect(page.getByTestId('events-count')).toContainText('recorded');

    // filters that cannot mean anything say so
    await page.goto(`${CTX}/events?type=Critical`);
    await expect(page.getByTestId('events-invalid')).toContainText('type must be Normal or Warning');
  } finally {
    await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
  }
});

test('a Deployment: its pods through its ReplicaSets, and a workload that does not exist is not found', async ({ page }) => {
  const pods = await podNames('demo-healthy');
  expect(pods.length).toBeGreaterThan(0);
  await page.goto(`${CTX}/pods?ns=demo-healthy&owner=Deployment/web`);
  await expect(page.getByTestId('pod-row')).toHaveCount(pods.length, { timeout: 15_000 });
  await expect(page.getByTestId('pod-count')).toHaveText(new RegExp(`^${pods.length} of`));

  await page.goto(`${CTX}/w/demo-healthy/deployment/web?show=all`);
  await expect(page.getByTestId('workload-summary')).toContainText('desired');
  await expect(page.locator('[data-testid="workload-summary"] [data-count="ready"]')).toContainText(String(pods.length));
  await expect(page.getByTestId('workload-pod')).toHaveCount(pods.length);

  // a bad rollout: both revisions with their images, what changed, the pods by revision, events
  await page.goto(`${CTX}/w/demo-rollout/deployment/storefront?show=all`);
  const revs = page.getByTestId('workload-revision');
  await expect(revs).toHaveCount(2, { timeout: 15_000 });
  await expect(revs.first()).toContainText('storefront:2.5.0');
  await expect(revs.nth(1)).toContainText('storefront:2.4.0');
  await page.getByTestId('workload-template-diff').locator('summary').click();
  await expect(page.getByTestId('workload-template-diff')).toContainText('+ ');
  await expect(page.getByTestId('workload-template-diff')).toContainText('checkout-v2,new-pricing');
  await expect(page.getByTestId('workload-revision-group')).toHaveCount(2);
  await expect(page.getByTestId('workload-revision-group').first()).toHaveAttribute('data-revision', /^revision 2 /);
  await expect(page.getByTestId('workload-events')).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/workload.png', fullPage: true });

  await page.goto(`${CTX}/w/demo-healthy/deployment/no-such-web`);
  await expect(page.getByTestId('workload-not-found')).toContainText('There is no deployment named no-such-web');
  await expect(page.getByTestId('workload-empty')).toHaveCount(0);
});

test('addresses Podscope refuses: a clear page of its own, never a spinner or a bare 500', async ({ page, request }) => {
  for (const [path, status, text] of [
    [`${CTX}/pods/Not_A_Namespace/x`, 400, 'not a valid namespace name'],
    [`${CTX}/pods/demo-healthy/UPPER`, 400, 'not a valid pod name'],
    [`${CTX}/pods/demo-healthy/%E0%A4%A`, 400, 'malformed percent-escape'],
    [`${CTX}/pods?q=${'a'.repeat(9000)}`, 414, 'Address too long'],
  ] as const) {
    const r = await request.get(path);
    expect(r.status(), path).toBe(status);
    expect(await r.text(), path).toContain(text);
  }
  const res = await page.goto(`${CTX}/pods/Not_A_Namespace/x`);
  expect(res?.status()).toBe(400);
  await expect(page.getByTestId('bad-url')).toBeVisible();
  // an unknown context is a 404 that names it
  const unknown = await page.goto('/c/no-such-context/pods');
  expect(unknown?.status()).toBe(404);
  await expect(page.getByTestId('unknown-context')).toContainText('No context named “no-such-context”');
  // triage filters that cannot match say so, never "Nothing is broken"
  await page.goto(`${CTX}/triage?severity=urgent&ns=Bad_NS`);
  await expect(page.getByTestId('triage-invalid')).toContainText('severity must be one of');
  await expect(page.getByTestId('triage-invalid')).toContainText('not a namespace name');
  await expect(page.getByTestId('triage-empty')).toHaveCount(0);
  // the API answers the same in JSON
  const api = await request.get('/api/c/podscope-local/pods/demo-healthy/%zz/diagnosis');
  expect(api.status()).toBe(400);
  expect(((await api.json()) as { error: { kind: string } }).error.kind).toBe('invalid');
});

test('the same keys on every list, a help overlay on ?, and dark mode when the system asks for it', async ({ page }) => {
  // (a crash loop's back-off events keep coming: a healthy pod's expire an hour after it started)
  await page.goto(`${CTX}/events?ns=demo-crash-error&kind=Pod`);
  await expect(page.getByTestId('events-row').first()).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('?');
  await expect(page.getByTestId('keyboard-help')).toContainText('next row');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('keyboard-help')).toHaveCount(0);
  // j moves the cursor, Enter opens the row's object, / goes to the search
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid="events-row"][data-selected="true"]')).toHaveCount(1);
  await page.keyboard.press('/');
  await expect(page.getByTestId('events-filter-q')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/pods\/demo-crash-error\//);

  await page.goto(`${CTX}/triage`);
  await expect(page.getByTestId('incident').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid="incident"][data-selected="true"]')).toHaveAttribute('data-rank', '2');
  await page.keyboard.press('k');
  await expect(page.locator('[data-testid="incident"][data-selected="true"]')).toHaveAttribute('data-rank', '1');

  await page.emulateMedia({ colorScheme: 'dark' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = (bg.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  expect(r + g + b).toBeLessThan(120);
  await page.screenshot({ path: 'docs/screenshots/triage-dark.png' });
});

/**
 * In the page, for the first rows matching `rowSel`: anything drawn outside its row, text cut off
 * with no tooltip (title) to read it whole, and text wrapped onto a second line.
 */
function rowProblems(rowSel: string) {
  const out: string[] = [];
  const rows = [...document.querySelectorAll(rowSel)].slice(0, 40);
  for (const row of rows) {
    const rb = row.getBoundingClientRect();
    for (const el of row.querySelectorAll<HTMLElement>('*')) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) continue;
      const what = `${rowSel} “${(el.textContent ?? '').slice(0, 40)}”`;
      // (what a clipping ancestor inside the row cuts off is not drawn: that is truncation)
      let clipped = false;
      for (let a = el.parentElement; a && a !== row; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') clipped = true;
      if (!clipped && (b.right > rb.right + 1 || b.bottom > rb.bottom + 1)) out.push(`${what}: drawn outside its row`);
      if (getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && !el.closest('[title]'))
        out.push(`${what}: cut off without a tooltip`);
    }
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.trim()) continue;
      const r = document.createRange();
      r.selectNodeContents(n);
      const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
      if (tops.size > 1) out.push(`${rowSel} “${n.textContent.slice(0, 40)}”: wraps onto ${tops.size} lines`);
    }
  }
  return { rows: rows.length, problems: [...new Set(out)] };
}

test('a 1000 px window: every list row stays one line, long values are cut with a tooltip, nothing spills out of its row', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1000, height: 800 });
  const pages: [string, string][] = [
    [`${CTX}/pods`, '[data-testid="pod-row"]'],
    [`${CTX}/events`, '[data-testid="events-row"]'],
    [`${CTX}/w/demo-rollout/deployment/storefront?show=all`, '[data-testid="workload-pod"]'],
    [`${CTX}/triage`, '[data-testid="incident"] > div'],
  ];
  for (const [url, rowSel] of pages) {
    await page.goto(url);
    await page.locator(rowSel).first().waitFor({ timeout: 30_000 });
    const found = await page.evaluate(rowProblems, rowSel);
    expect(found.rows, `${url}: rows checked`).toBeGreaterThan(0);
    expect(found.problems, url).toEqual([]);
  }
});
