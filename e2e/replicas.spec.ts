// Two replicas behind one balancer, in Chromium: two Podscope servers share a real PostgreSQL
// (Debian's, started here) behind an HTTP balancer on loopback with no session affinity, in its
// worst case: the tab's stream on one replica, every other request on the other (which replica a
// browser's pooled connection reaches is otherwise luck; test/integration/replicas.test.ts covers
// a round-robin TCP balancer). The tab keeps a live stream: the pod list shows a pod created after it
// opened; in-page navigation subscribes anew (control requests, each passed to the replica holding
// the stream) and the pod page shows the pod and its deletion; a snapshot made through the
// balancer opens from each replica.
import { expect, test } from '@playwright/test';
import { startAppServer, stopAppServer } from './app-server';
import { kubectl, uniq } from './support';
import { startPostgres, type Postgres } from '../local-cluster/lib/postgres.ts';
import { startStreamsApartBalancer, type RoundRobin } from '../test/support/round-robin.ts';
import { createNamespace, pausePod } from '../test/support/local-cluster.ts';
import { metric } from '../test/support/sse.ts';

const NS = uniq('e2e-replicas');
let pg: Postgres;
let lb: RoundRobin;
let front = '';
const backends: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await createNamespace(NS);
  await kubectl(['apply', '-f', '-'], { input: pausePod(NS, 'first') });
  pg = await startPostgres();
  const url = await pg.createDatabase('e2e_replicas');
  lb = await startStreamsApartBalancer();
  front = `http://127.0.0.1:${lb.port}`;
  for (const name of ['e2e-replica-a', 'e2e-replica-b']) {
    const s = await startAppServer({
      name,
      env: { PODSCOPE_DATABASE_URL: url, PODSCOPE_ALLOWED_HOSTS: `127.0.0.1:${lb.port}`, PODSCOPE_RECORDER: 'watched' },
      build: name === 'e2e-replica-a',
    });
    backends.push(s.url);
  }
  lb.setBackends(backends.map((b) => Number(new URL(b).port)));
  // (each replica has said where it answers)
  await new Promise((r) => setTimeout(r, 1500));
});
test.afterAll(async () => {
  lb?.close();
  stopAppServer('e2e-replica-a');
  stopAppServer('e2e-replica-b');
  await pg?.stop();
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

test('a tab behind a balancer without session affinity keeps a live stream across two replicas', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${front}/c/podscope-local/pods?ns=${NS}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-phase', 'live', { timeout: 20_000 });
  await expect(page.getByTestId('pod-row').filter({ hasText: 'first' })).toBeVisible({ timeout: 20_000 });
  // live: a pod created now appears
  await kubectl(['apply', '-f', '-'], { input: pausePod(NS, 'second') });
  await expect(page.getByTestId('pod-row').filter({ hasText: 'second' })).toBeVisible({ timeout: 20_000 });
  // in-page navigation keeps the tab's one stream and subscribes anew (control requests, over
  // whichever of the browser's connections, so to either replica)
  for (const pod of ['second', 'first', 'second', 'first']) {
    await page.getByTestId('pod-row').filter({ hasText: pod }).click();
    await expect(page).toHaveURL(new RegExp(`/pods/${NS}/${pod}`));
    await expect(page.getByTestId('pod-status')).toHaveText(/Running/, { timeout: 20_000 });
    await page.goBack();
    await expect(page.getByTestId('pod-row').filter({ hasText: pod })).toBeVisible({ timeout: 20_000 });
  }
  await page.getByTestId('pod-row').filter({ hasText: 'first' }).click();
  await expect(page.getByTestId('pod-status')).toHaveText(/Running/, { timeout: 20_000 });
  await kubectl(['-n', NS, 'delete', 'pod', 'first', '--wait=false']);
  await expect(page.getByTestId('pod-deleted')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-phase', 'live');
  expect(lb.counts.every((n) => n > 0)).toBe(true);
  // every control request went to the replica without the stream, and was passed on
  const passed = (await Promise.all(backends.map((b) => metric(b, 'podscope_stream_control_passed_total')))).reduce((a, b) => a + b, 0);
  expect(passed).toBeGreaterThanOrEqual(4);
  console.log(`replicas: ${passed} control requests passed between replicas; connections per replica: ${lb.counts.join(', ')}`);
  // a snapshot made through the balancer opens from each replica directly
  const made = await page.request.post(`${front}/api/c/podscope-local/pods/${NS}/second/snapshots`, { headers: { Origin: front } });
  expect(made.status()).toBe(201);
  const id = ((await made.json()) as { url: string }).url.slice('/s/'.length);
  for (const b of backends) expect((await page.request.get(`${b}/api/snapshots/${id}?format=json`)).status()).toBe(200);
});
