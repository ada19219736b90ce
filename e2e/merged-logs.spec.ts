// A workload's merged logs in Chromium against the real cluster: a 3-replica Deployment's pods
// in one stream, one pod deleted and replaced while it is followed, then Podscope itself
// restarted (a forced reconnect: the tab's EventSource comes back with its Last-Event-ID), and no
// line lost or repeated for any pod. The simulated pods all write the same live log, one
// numbered line (`seq=N`) a second, so a gap or a repeat in a pod's lines shows.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startAppServer, stopAppServer } from './app-server';
import { kubectl, podNames, uniq } from './support';
import { createNamespace } from '../test/support/local-cluster.ts';

const NAME = 'e2e-merged-server';
let base = '';
let port = 0;
test.beforeAll(async () => {
  base = (await startAppServer({ name: NAME })).url;
  port = Number(new URL(base).port);
});
test.afterAll(() => stopAppServer(NAME));

test('merged logs of a 3-replica Deployment: a pod deleted and replaced, Podscope restarted mid-stream, no line lost or repeated', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const ns = uniq('e2e-merged');
  await createNamespace(ns);
  try {
    await kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3']);
    await expect.poll(async () => (await podNames(ns)).length, { timeout: 60_000 }).toBe(3);
    await page.goto(`${base}/c/podscope-local/w/${ns}/deployment/web?show=all&tab=logs`);
    const state = page.getByTestId('merged-state');
    await expect(state).toHaveAttribute('data-phase', 'live', { timeout: 30_000 });
    await expect(page.getByTestId('merged-pod')).toHaveCount(3, { timeout: 30_000 });

    /** every line the tab holds (the view is virtualised): through its download button */
    const shown = async () => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('merged-download').click()]);
      return readFileSync((await dl.path())!, 'utf8').split('\n');
    };
    const seqs = (lines: string[], pod: string) =>
      lines.flatMap((l) => {
        const m = new RegExp(`^\\S+ ${pod}/nginx .*seq=(\\d+)`).exec(l);
        return m ? [Number(m[1])] : [];
      });
    const pods = await podNames(ns);
    await expect
      .poll(
        async () => {
          const now = await shown();
          return pods.filter((p) => seqs(now, p).length >= 2).length;
        },
        { timeout: 20_000 },
      )
      .toBe(3);

    // one pod deleted: its lines end with a marker, and its replacement joins the stream
    const victim = pods[0];
    await kubectl(['-n', ns, 'delete', 'pod', victim, '--wait=false']);
    await expect(page.getByTestId('merged-marker').filter({ hasText: `pod ${victim} was deleted` })).toHaveCount(1, { timeout: 30_000 });
    await expect.poll(async () => (await podNames(ns)).filter((p) => !pods.includes(p)).length, { timeout: 60_000 }).toBe(1);
    const replacement = (await podNames(ns)).find((p) => !pods.includes(p))!;
    await expect(page.getByTestId('merged-pod').filter({ hasText: replacement })).toHaveCount(1, { timeout: 30_000 });
    await expect.poll(async () => seqs(await shown(), replacement).length, { timeout: 20_000 }).toBeGreaterThan(1);
    await page.screenshot({ path: 'docs/screenshots/merged-logs.png' });

    // Podscope restarted under the open tab: the EventSource reconnects with its Last-Event-ID
    const before = await shown();
    stopAppServer(NAME);
    await expect(state).toHaveAttribute('data-phase', 'reconnecting', { timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 2000)); // lines written while nobody was connected
    await startAppServer({ name: NAME, port, keepData: true, build: false });
    await expect(state).toHaveAttribute('data-phase', 'live', { timeout: 30_000 });
    const survivors = [...pods.slice(1), replacement];
    const lastBefore = new Map(survivors.map((p) => [p, Math.max(...seqs(before, p))]));
    await expect
      .poll(
        async () => {
          const now = await shown();
          return survivors.every((p) => Math.max(...seqs(now, p)) > lastBefore.get(p)! + 2);
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const after = await shown();
    for (const p of survivors) {
      const s = seqs(after, p);
      expect(new Set(s).size, `${p}: a line shown twice`).toBe(s.length);
      for (let i = 1; i < s.length; i++) expect(s[i], `${p}: a line missing after seq=${s[i - 1]}`).toBe(s[i - 1] + 1);
    }
    // the deleted pod's lines are still there, and end where it did
    expect(seqs(after, victim).length).toBeGreaterThan(0);
  } finally {
    await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
  }
});

test("the severity filter keeps a crash loop's errors (its previous container included) and hides the rest", async ({ page }) => {
  await page.goto(`${base}/c/podscope-local/w/demo-crash-error/deployment/checkout?tab=logs&level=error`);
  await expect(page.getByTestId('merged-level')).toHaveValue('error');
  const lines = page.getByTestId('merged-line');
  await expect(lines.filter({ hasText: 'failed to connect to database' }).first()).toBeVisible({ timeout: 20_000 });
  await expect(lines.filter({ hasText: 'fatal: giving up after 3 attempts' }).first()).toBeVisible();
  const levels = await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-level')));
  expect(levels.length).toBeGreaterThan(0);
  expect(levels.every((l) => l === 'error' || l === 'fatal')).toBe(true);
  await expect(lines.filter({ hasText: 'starting server' })).toHaveCount(0);
  // all lines again: the startup lines are back
  await page.getByTestId('merged-level').selectOption('all');
  await expect(page).not.toHaveURL(/level=/);
  await expect(lines.filter({ hasText: 'starting server' }).first()).toBeVisible();
});
