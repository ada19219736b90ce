// Runs last: Secret values the scenarios create must never appear in anything Podscope sends a
// browser or writes to its log. Visits every view of the pod that references the Secret, the
// list, triage, the APIs, and then searches the server's whole log from this run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { podNames } from './support';

const SECRET = 'podscope-scenario-secret-7f3a9c1e';
const FORBIDDEN = [SECRET, Buffer.from(SECRET).toString('base64')];

test('no Secret value reaches a browser or the server log', async ({ page, request }) => {
  const bodies: string[] = [];
  page.on('response', async (r) => {
    try {
      bodies.push(await r.text());
    } catch {
      /* streams closed early */
    }
  });
  const [pod] = await podNames('demo-config-key');
  for (const tab of ['overview', 'timeline', 'events', 'logs', 'yaml']) {
    await page.goto(`/c/podscope-local/pods/demo-config-key/${pod}?tab=${tab}`);
    await expect(page.getByTestId('pod-status')).toBeVisible();
    bodies.push(await page.content());
  }
  // the env var is shown as a reference, never as a value
  await page.goto(`/c/podscope-local/pods/demo-config-key/${pod}`);
  await expect(page.getByTestId('env-var').first()).toHaveText('DB_PASSWORD=<secret db-credentials/password>');
  await page.goto('/c/podscope-local/pods?ns=demo-config-key');
  await expect(page.getByTestId('pod-row').first()).toBeVisible();
  bodies.push(await page.content());
  await page.goto('/c/podscope-local/triage');
  await expect(page.getByTestId('incident').first()).toBeVisible({ timeout: 30_000 });
  bodies.push(await page.content());
  // a snapshot of that pod, and its exports
  const snap = await request.post(`/api/c/podscope-local/pods/demo-config-key/${pod}/snapshots`, {
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(snap.status()).toBe(201);
  const { url } = (await snap.json()) as { url: string };
  await page.goto(url);
  await expect(page.getByTestId('snapshot')).toBeVisible();
  bodies.push(await page.content());
  for (const path of [
    `/api/c/podscope-local/pods/demo-config-key/${pod}/diagnosis`,
    '/api/clusters',
    '/metrics',
    `/api/snapshots/${url.slice(3)}?format=json`,
    `/api/snapshots/${url.slice(3)}?format=markdown`,
  ])
    bodies.push(await (await request.get(path)).text());
  expect(bodies.length).toBeGreaterThan(10);
  for (const b of bodies)
    for (const f of FORBIDDEN) expect(b.includes(f), `a response contained the Secret value (${f.slice(0, 8)}…)`).toBe(false);
  const log = readFileSync('test-results/e2e-server.log', 'utf8');
  expect(log.length).toBeGreaterThan(0);
  for (const f of FORBIDDEN) expect(log.includes(f)).toBe(false);
  // nor the flight recorder's store (events, transitions, deleted pods, snapshots)
  const dir = 'test-results/e2e-server-data';
  const files = readdirSync(dir).filter((f) => f.startsWith('history.db'));
  expect(files).toContain('history.db');
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    expect(bytes.length).toBeGreaterThan(0);
    for (const f of FORBIDDEN) expect(bytes.includes(f), `${file} contains the Secret value`).toBe(false);
  }
});
