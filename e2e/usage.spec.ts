// Usage in the browser, from the real Metrics API (metrics-server scraping kwok's emulated
// kubelets, local-cluster/sim/usage.ts): the pod list's CPU and MEMORY columns against requests
// and limits, sortable; the pod page's usage charts and its usage diagnosis; the nodes page.
import { expect, test } from '@playwright/test';
import { SIM } from '../local-cluster/sim/convention.ts';
import { applySimPod, createNamespace } from '../test/support/local-cluster.ts';
import { kubectl, podNames, uniq } from './support';

const CTX = '/c/podscope-local';

/** kubectl top's numbers for one pod: [cpu millicores, memory MiB] */
async function top(ns: string, pod: string): Promise<[number, number]> {
  const r = await kubectl(['top', 'pod', '-n', ns, pod, '--no-headers']);
  const [, cpu, mem] = r.stdout.trim().split(/\s+/);
  return [Number(cpu.replace('m', '')), Number(mem.replace('Mi', ''))];
}

test.describe('usage', () => {
  test('the pod list shows CPU and memory against the limit, like kubectl top, and sorts by them', async ({ page }) => {
    const [pod] = await podNames('demo-cpu-throttled');
    await page.goto(`${CTX}/pods?ns=demo-cpu-throttled`);
    const row = page.locator(`[data-testid="pod-row"][data-pod="demo-cpu-throttled/${pod}"]`);
    // 500m limit, ~498m used: about 100 % of the limit
    // (marked: at its limit)
    await expect(row.locator('[data-col="cpu"]')).toHaveText(/^▲ (49\d|500)m (99|100)%$/, { timeout: 40_000 });
    await expect(row.locator('[data-col="cpu"]')).toHaveAttribute('title', /CPU 4\d\dm used; request 250m, limit 500m/);
    const [, mem] = await top('demo-cpu-throttled', pod);
    const shown = Number(/^(\d+)Mi/.exec((await row.locator('[data-col="memory"]').textContent()) ?? '')?.[1]);
    expect(Math.abs(shown - mem)).toBeLessThanOrEqual(8); // (two samples 10 s apart differ by a few Mi)

    // every pod, sorted by memory, largest first: the OOM loop's 500Mi or the leak lead
    await page.goto(`${CTX}/pods?sort=memory&desc=1`);
    const first = page.locator('[data-testid="pod-row"]').first();
    await expect(first.locator('[data-col="memory"]')).toHaveText(/^(▲ )?\d+Mi \d+%$/, { timeout: 40_000 });
    const values = await page
      .locator('[data-testid="pod-row"] [data-col="memory"]')
      .evaluateAll((cells) => cells.map((c) => Number(/(\d+)Mi/.exec(c.textContent ?? '')?.[1] ?? -1)));
    expect(values.length).toBeGreaterThan(5);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  test('the pod page: a throttled pod is diagnosed from its usage, charted against request and limit', async ({ page }) => {
    const [pod] = await podNames('demo-cpu-throttled');
    await page.goto(`${CTX}/pods/demo-cpu-throttled/${pod}`);
    await expect(page.getByTestId('diagnosis')).toHaveAttribute('data-primary', 'usage.cpu-throttled', { timeout: 40_000 });
    await expect(page.getByTestId('diagnosis')).toContainText('uses all of its 500m CPU limit: it is being throttled');
    await page.getByTestId('diagnosis-usage-link').click();
    await expect(page).toHaveURL(/tab=usage/);
    const c = page.locator('[data-testid="usage-container"][data-container="thumbnails"]');
    await expect(c.getByTestId('usage-now')).toHaveText(/memory \d+Mi of 512Mi \(\d+ %\) · CPU 4\d\dm of 500m/);
    for (const chart of ['usage-memory', 'usage-cpu']) {
      // a line through the samples so far (two or more points)
      await expect(c.getByTestId(chart).locator('polyline[points*=" "]').first()).toBeAttached({ timeout: 30_000 });
      await expect(c.getByTestId(chart)).toContainText('limit');
    }
    // the node it runs on, one click away
    await page.getByTestId('pod-node').click();
    await expect(page).toHaveURL(/\/nodes\?node=/);
    await expect(page.locator('[data-testid="node-row"].bg-blue-50')).toHaveCount(1);
  });

  test('a memory leak: the OOM kill is explained by the climb before it, drawn on the chart', async ({ page }) => {
    test.setTimeout(240_000);
    // a pod of our own whose memory climbs to its limit in 120 s (the simulation's leak, usage.ts:
    // 40 % → 98 %, so 70 % after ~62 s). The Metrics API's first sample of a container comes some
    // 25 s after it starts, and a sample reaches the page up to a scrape (10 s) plus a poll later:
    // a shorter run leaves the at-risk window narrower than that.
    const ns = uniq('e2e-leak');
    await createNamespace(ns);
    try {
      await applySimPod(
        ns,
        'leaky',
        { [SIM.fail]: 'oom', [SIM.runSeconds]: '120', [SIM.runClock]: 'on' },
        { image: 'ghcr.io/podscope-demo/sessions:1.4.0', resources: { limits: { memory: '128Mi' } } },
      );
      await page.goto(`${CTX}/pods/${ns}/leaky`);
      const diag = page.getByTestId('diagnosis');
      // climbing: at risk before the kill (from 70 % and rising); then OOMKilled with the climb as evidence
      await expect(diag).toHaveAttribute('data-primary', 'usage.memory-near-limit', { timeout: 120_000 });
      await expect(diag).toContainText(/at \d+ % of its 128Mi memory limit, \+\d+Mi\/min: OOM in about/);
      await expect(diag).toHaveAttribute('data-primary', 'crash.oom-killed', { timeout: 60_000 });
      await expect(diag).toContainText(
        /before the kill: working set \d+Mi → 1\d\dMi \(\d+ % of 128Mi\) over \d+s: it climbed to the limit/,
        {
          timeout: 15_000,
        },
      );
      await page.getByTestId('tab-usage').click();
      const c = page.locator('[data-testid="usage-container"][data-container="app"]');
      await expect(c.getByTestId('usage-memory').getByTestId('usage-marker').first()).toBeAttached();
      // and on the timeline, under the container's runs, on the same time axis
      await page.getByTestId('tab-timeline').click();
      await expect(page.locator('[data-testid="timeline-lane"][data-lane="memory app"] [data-testid="timeline-memory"]')).toBeAttached({
        timeout: 20_000,
      });
    } finally {
      await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
    }
  });

  test('the nodes page: allocatable, requested and used per node, the full one marked', async ({ page }) => {
    await page.goto(`${CTX}/nodes`);
    await expect(page.getByTestId('node-row')).toHaveCount(5);
    const a1 = page.locator('[data-testid="node-row"][data-node="worker-a1"]');
    // the 4Gi node's system daemons and pods use over 80 % of it (kwok's node working set)
    await expect(a1.getByTestId('node-memory')).toHaveAttribute(
      'title',
      /allocatable 4Gi; requested \d+Mi \(\d+ %\); used \d\.\dGi \((8\d|9\d) %\)/,
      {
        timeout: 40_000,
      },
    );
    const edge = page.locator('[data-testid="node-row"][data-node="worker-c1-edge"]');
    await expect(edge.locator('[data-col="status"]')).toHaveText(/NotReady/);
    await expect(page.locator('[data-testid="node-row"][data-node="worker-b2-gpu"]')).toContainText('dedicated=gpu:NoSchedule');
  });
});
