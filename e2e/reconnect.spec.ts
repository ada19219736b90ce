import { expect, test } from '@playwright/test';
import { up } from '../local-cluster/lib/cluster.ts';
import { paths } from '../local-cluster/lib/paths.ts';
import { isAlive, readPid, stopProcess } from '../local-cluster/lib/processes.ts';
import { kubectl, podNames, uniq } from './support';
import { createNamespace } from '../test/support/local-cluster.ts';

test('a frozen kube-apiserver (SIGSTOP: connections open, nothing answers): stale within 10 s with the reason, live within 5 s of the thaw; a followed log too', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const ns = uniq('e2e-freeze');
  await createNamespace(ns);
  const rec = readPid(paths.pids, 'kube-apiserver');
  if (!rec || !isAlive(rec)) throw new Error('kube-apiserver is not running');
  try {
    await kubectl(['-n', ns, 'run', 'before', '--image=nginx:1.27', '--restart=Never']);
    await page.goto(`/c/podscope-local/pods?ns=${ns}`);
    await expect(page.getByTestId('pod-row')).toHaveCount(1);
    const badge = page.getByTestId('connection-state');
    await expect(badge).toHaveAttribute('data-phase', 'live');
    // a followed log in another tab
    const [logged] = await podNames('demo-healthy');
    const logPage = await context.newPage();
    await logPage.goto(`/c/podscope-local/pods/demo-healthy/${logged}?tab=logs`);
    const logState = logPage.getByTestId('log-state');
    await expect(logState).toHaveAttribute('data-phase', 'live');
    const seqs = async () =>
      (await logPage.getByTestId('log-line').filter({ hasText: 'seq=' }).allTextContents()).map((t) => Number(t.match(/seq=(\d+)/)?.[1]));
    await expect.poll(async () => (await seqs()).length, { timeout: 10_000 }).toBeGreaterThan(0);

    const frozenAt = Date.now();
    process.kill(rec.pid, 'SIGSTOP');
    await expect(badge).toHaveAttribute('data-phase', 'stale', { timeout: 10_000 });
    expect(Date.now() - frozenAt).toBeLessThan(10_000);
    await expect(badge).toHaveAttribute('title', /did not answer within/);
    await expect(logState).toHaveAttribute('data-phase', 'reconnecting', { timeout: 10_000 });
    const lastBefore = Math.max(...(await seqs()));

    const thawedAt = Date.now();
    process.kill(rec.pid, 'SIGCONT');
    await expect(badge).toHaveAttribute('data-phase', 'live', { timeout: 5_000 });
    expect(Date.now() - thawedAt).toBeLessThan(5_000);
    await expect(logState).toHaveAttribute('data-phase', 'live', { timeout: 5_000 });
    // the log resumes from its cursor: new lines, none repeated
    await expect.poll(async () => Math.max(...(await seqs())), { timeout: 10_000 }).toBeGreaterThan(lastBefore);
    const after = await seqs();
    expect(new Set(after).size).toBe(after.length);
    await kubectl(['-n', ns, 'run', 'after', '--image=nginx:1.27', '--restart=Never']);
    await expect(page.getByTestId('pod-row')).toHaveCount(2, { timeout: 10_000 });
  } finally {
    try {
      process.kill(rec.pid, 'SIGCONT');
    } catch {
      /* gone */
    }
    await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
  }
});

// (after the freeze: a restarted API server leaves the controller-manager slow to create the
// next namespace's ServiceAccount for a while)
test('stopping and restarting the kube-apiserver: reconnecting, then correct data with no ghost or missing pods', async ({ page }) => {
  test.setTimeout(120_000);
  const ns = uniq('e2e-reconnect');
  await createNamespace(ns);
  try {
    for (const n of ['stays', 'goes']) await kubectl(['-n', ns, 'run', n, '--image=nginx:1.27', '--restart=Never']);
    await page.goto(`/c/podscope-local/pods?ns=${ns}`);
    await expect(page.getByTestId('pod-row')).toHaveCount(2);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-phase', 'live');

    await stopProcess(paths.pids, 'kube-apiserver');
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-phase', /reconnecting|stale/, { timeout: 15_000 });
    await up({ log: () => {} });
    await kubectl(['-n', ns, 'delete', 'pod', 'goes', '--grace-period=0', '--force']);
    await kubectl(['-n', ns, 'run', 'arrived', '--image=nginx:1.27', '--restart=Never']);

    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-phase', 'live', { timeout: 30_000 });
    const want = (await podNames(ns)).sort();
    await expect
      .poll(
        async () =>
          (await page.getByTestId('pod-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-pod'))))
            .map((k) => k!.split('/')[1])
            .sort(),
        { timeout: 15_000 },
      )
      .toEqual(want);
    expect(want).toEqual(['arrived', 'stays']);
  } finally {
    await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
  }
});
