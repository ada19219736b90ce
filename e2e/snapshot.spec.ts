// Evidence that outlives the pod: take a snapshot of a crash-looping pod, delete the pod with
// kubectl, and open the link in a fresh browser context: diagnosis, events, timeline and logs are
// all there, and the Markdown export carries them. The deleted pod's own page shows its record,
// and workload links follow the replacement pod.
import { expect, test } from '@playwright/test';
import { SIM } from '../local-cluster/sim/convention.ts';
import { createNamespace, eventually } from '../test/support/local-cluster.ts';
import { kubectl, podNames, uniq } from './support';

test('a snapshot link shows the same evidence after the pod is gone', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const ns = uniq('e2e-snap');
  await createNamespace(ns);
  try {
    await kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ledger', namespace: ns },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'ledger' } },
          template: {
            metadata: { labels: { app: 'ledger' }, annotations: { [SIM.fail]: 'crash', [SIM.exitCode]: '1', [SIM.runSeconds]: '2' } },
            spec: { containers: [{ name: 'ledger', image: 'ghcr.io/podscope-demo/ledger:2.0.0' }] },
          },
        },
      }),
    });
    // wait for a previous container (its logs) and a BackOff event
    const pod = await eventually(
      'a pod that restarted twice',
      async () => {
        const r = await kubectl(
          [
            '-n',
            ns,
            'get',
            'pods',
            '-l',
            'app=ledger',
            '-o',
            'jsonpath={.items[0].metadata.name} {.items[0].status.containerStatuses[0].restartCount}',
          ],
          { allowFail: true },
        );
        const [name, restarts] = r.stdout.split(' ');
        return name && Number(restarts) >= 2 ? name : undefined;
      },
      90_000,
      500,
    );

    await page.goto(`/c/podscope-local/pods/${ns}/${pod}`);
    await expect(page.getByTestId('diagnosis')).toHaveAttribute('data-primary', /^crash\./, { timeout: 20_000 });
    const title = await page.getByTestId('finding-title').first().textContent();
    await page.getByTestId('share-snapshot').click();
    const link = await page.getByTestId('snapshot-link').textContent({ timeout: 20_000 });
    expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{16}$/);

    // delete it while it waits in back-off (the loop's longest phase), so its last state is known
    await eventually(
      'the pod in CrashLoopBackOff',
      async () =>
        (
          await kubectl(['-n', ns, 'get', 'pod', pod!, '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}'], {
            allowFail: true,
          })
        ).stdout === 'CrashLoopBackOff' || undefined,
      60_000,
      200,
    );
    await kubectl(['-n', ns, 'delete', 'pod', pod!, '--wait=true']);

    // a teammate: a fresh browser context, nothing cached
    const mate = await browser.newContext();
    const p2 = await mate.newPage();
    await p2.goto(link!);
    await expect(p2.getByTestId('snapshot')).toBeVisible();
    await expect(p2.getByTestId('pod-title')).toHaveText(`${ns}/${pod}`);
    await expect(p2.getByTestId('diagnosis')).toHaveAttribute('data-primary', /^crash\./);
    await expect(p2.getByTestId('finding-title').first()).toHaveText(title!);
    await expect(p2.getByTestId('evidence').first()).toBeVisible();
    await p2.getByTestId('tab-events').click();
    await expect(p2.locator('[data-testid="event-row"][data-reason="BackOff"]')).toBeVisible();
    await p2.getByTestId('tab-timeline').click();
    await expect(p2.locator('[data-testid="timeline-segment"][data-kind="terminated-error"]').first()).toBeVisible();
    await expect(p2.locator('[data-testid="timeline-marker"][data-source="observed"]').first()).toBeAttached();
    await p2.getByTestId('tab-logs').click();
    const previous = p2.getByTestId('snapshot-log-ledger-previous');
    await expect(previous.locator('pre')).not.toBeEmpty();
    const firstLogLine = (await previous.locator('pre').textContent())!.split('\n')[0];
    await p2.screenshot({ path: 'docs/screenshots/snapshot-logs.png' });

    const md = await (await p2.request.get(`${link}`.replace('/s/', '/api/snapshots/') + '?format=markdown')).text();
    expect(md).toContain(`# Pod ${ns}/${pod}`);
    expect(md).toContain(title!);
    expect(md).toMatch(/## Timeline\n\n- \d{4}-/);
    expect(md).toContain('| Warning | BackOff |');
    expect(md).toContain('### ledger (previous)');
    expect(md).toContain(firstLogLine);
    const json = (await (await p2.request.get(`${link}`.replace('/s/', '/api/snapshots/') + '?format=json')).json()) as {
      pod: { metadata: { name: string } };
      diagnosis: { primary: string };
    };
    expect(json.pod.metadata.name).toBe(pod);
    expect(json.diagnosis.primary).toMatch(/^crash\./);

    // the deleted pod's live page: the flight recorder's record, with its last state
    await p2.goto(`/c/podscope-local/pods/${ns}/${pod}`);
    await expect(p2.getByTestId('pod-deleted')).toContainText('deleted');
    await expect(p2.getByTestId('pod-last-state')).toContainText(
      /^(CrashLoopBackOff|Error|Running), [01]\/1 ready, ([2-9]|\d\d+) restarts$/,
    );
    await expect(p2.getByTestId('diagnosis')).toHaveAttribute('data-primary', /^crash\./);
    await p2.getByTestId('tab-events').click();
    await expect(p2.locator('[data-testid="event-row"][data-reason="BackOff"]')).toBeVisible();
    await p2.screenshot({ path: 'docs/screenshots/deleted-pod.png' });

    // workload links: the newest pod of the deployment is the replacement
    const [replacement] = await eventually(
      'a replacement pod',
      async () => {
        const n = (await podNames(ns, 'app=ledger')).filter((x) => x !== pod);
        return n.length ? n : undefined;
      },
      30_000,
      300,
    );
    await p2.goto(`/c/podscope-local/w/${ns}/deployment/ledger?show=newest&tab=logs`);
    await expect(p2).toHaveURL(new RegExp(`/pods/${ns}/${replacement}\\?tab=logs`));
    await p2.goto(`/c/podscope-local/w/${ns}/deployment/ledger`);
    await expect(p2.getByTestId('workload-pod').filter({ hasText: replacement })).toBeVisible({ timeout: 30_000 });
    await mate.close();
  } finally {
    await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
  }
});

test('a snapshot link is refused to nobody-knows and to bad ids', async ({ page }) => {
  await page.goto('/s/not-a-snapshot');
  await expect(page.getByTestId('snapshot-error')).toContainText('Not a snapshot link');
  await page.goto('/s/AAAAAAAAAAAAAAAA');
  await expect(page.getByTestId('snapshot-error')).toContainText('Snapshot not found');
  const res = await page.request.post('/api/c/podscope-local/pods/demo-healthy/whatever/snapshots', {
    headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
  });
  expect(res.status()).toBe(403);
});
