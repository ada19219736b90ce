import { expect, test } from '@playwright/test';
import { up } from '../local-cluster/lib/cluster.ts';
import { paths } from '../local-cluster/lib/paths.ts';
import { stopProcess } from '../local-cluster/lib/processes.ts';
import { kubectl, podNames, uniq } from './support';
import { createNamespace } from '../test/support/local-cluster.ts';

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
