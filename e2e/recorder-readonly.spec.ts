// The flight recorder's store failing never takes the dashboard down: with a data directory that
// cannot be created, the pod page says recording is paused, and everything live keeps working.
import { expect, test } from '@playwright/test';
import { startAppServer, stopAppServer } from './app-server';
import { podNames } from './support';

const NAME = 'e2e-readonly-server';
let base = '';

test.beforeAll(async () => {
  // a path under a regular file can never be created, not even by root
  base = (await startAppServer({ name: NAME, env: { PODSCOPE_DATA_DIR: '/dev/null/podscope-data' } })).url;
});
test.afterAll(() => stopAppServer(NAME));

test('an unwritable data directory: a visible warning, and the live views keep working', async ({ page }) => {
  const [pod] = await podNames('demo-crash-error');
  await page.goto(`${base}/c/podscope-local/pods/demo-crash-error/${pod}`);
  await expect(page.getByTestId('recorder-warning')).toContainText('history recording paused: cannot open');
  await expect(page.getByTestId('pod-status')).toHaveText(/CrashLoopBackOff|Error|Running/);
  await expect(page.getByTestId('diagnosis')).toHaveAttribute('data-primary', /^crash\./);
  await page.getByTestId('tab-events').click();
  await expect(page.locator('[data-testid="event-row"][data-reason="BackOff"]')).toBeVisible();
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  // a snapshot cannot be saved, and says why
  await page.getByTestId('share-snapshot').click();
  await expect(page.getByTestId('snapshot-error')).toContainText('not writable');
  await page.goto(`${base}/c/podscope-local/pods?ns=demo-crash-error`);
  await expect(page.getByTestId('pod-row').first()).toBeVisible();
});
