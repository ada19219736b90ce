// The debugging loop's second half in Chromium, against a Podscope with the shell and port-forward
// turned on (its own server) and the real API server: a terminal typed into, an exit code shown,
// a debug container added and shelled into (and drawn on the timeline), a pod's HTTP port opened
// through Podscope and closed.
import { expect, test, type Page } from '@playwright/test';
import { startAppServer, stopAppServer } from './app-server';
import { kubectl, uniq } from './support';
import { SIM } from '../local-cluster/sim/convention.ts';
import { applySimPod, createNamespace } from '../test/support/local-cluster.ts';

const NS = uniq('e2e-shell');
let base = '';

test.beforeAll(async () => {
  await createNamespace(NS);
  await kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: NS },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] },
    }),
  });
  base = (await startAppServer({ name: 'e2e-shell-server', env: { PODSCOPE_EXEC: 'on', PODSCOPE_PORT_FORWARD: 'on' } })).url;
});
test.afterAll(async () => {
  stopAppServer('e2e-shell-server');
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

const terminalText = (page: Page) => page.locator('[data-testid="terminal"] .xterm-rows').innerText();

async function typeInTerminal(page: Page, line: string) {
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test('a shell in the container: typed, answered, resized with the window, ended with its exit code', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${base}/c/podscope-local/pods/${NS}/web?tab=shell`);
  // a link to the tab opens the tab, not a session
  await expect(page.getByTestId('shell-start')).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByTestId('terminal')).toHaveCount(0);
  await page.getByTestId('shell-start').click();
  await expect(page.getByTestId('shell-status')).toContainText('connected to app', { timeout: 15_000 });
  await typeInTerminal(page, 'echo $((6*7))');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^42$/m);
  // the terminal's size reaches the pty
  await typeInTerminal(page, 'stty size');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^\d+ \d+$/m);
  await page.setViewportSize({ width: 1000, height: 900 });
  await typeInTerminal(page, 'stty size');
  await typeInTerminal(page, 'exit 3');
  await expect(page.getByTestId('shell-status')).toHaveText('exited with code 3', { timeout: 10_000 });
  const sizes = (await terminalText(page)).match(/^(\d+) (\d+)$/gm) ?? [];
  expect(sizes.length).toBe(2);
  const cols = sizes.map((l) => Number(l.split(' ')[1]));
  expect(cols[1]).toBeLessThan(cols[0]);
});

test('a debug container: added with a profile, running, shelled into, on the timeline', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${base}/c/podscope-local/pods/${NS}/web?tab=shell`);
  await page.getByTestId('debug-profile').selectOption('netadmin');
  await page.getByTestId('debug-add').click();
  await expect(page.getByTestId('debug-result')).toContainText(/debugger-[a-z0-9]{5} is running/, { timeout: 30_000 });
  const container = ((await page.getByTestId('debug-result').innerText()).match(/debugger-[a-z0-9]{5}/) ?? [''])[0];
  // it is picked for the shell, and the link says so
  await expect(page).toHaveURL(new RegExp(`container=${container}`));
  await expect(page.getByTestId('shell-container')).toHaveValue(container);
  await page.getByTestId('shell-start').click();
  await expect(page.getByTestId('shell-status')).toContainText(`connected to ${container}`, { timeout: 15_000 });
  await typeInTerminal(page, 'echo in-the-debugger');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^in-the-debugger$/m);
  await page.screenshot({ path: 'docs/screenshots/shell.png' });
  const spec = JSON.parse((await kubectl(['-n', NS, 'get', 'pod', 'web', '-o', 'json'])).stdout) as {
    spec: { ephemeralContainers: { name: string; securityContext?: { capabilities?: { add?: string[] } } }[] };
  };
  expect(spec.spec.ephemeralContainers.find((c) => c.name === container)?.securityContext?.capabilities?.add).toEqual([
    'NET_ADMIN',
    'NET_RAW',
  ]);
  await page.getByTestId('tab-timeline').click();
  await expect(page.locator(`[data-testid="timeline-lane"][data-lane="ephemeral ${container}"]`)).toHaveCount(1);
});

test("port-forward: the pod's HTTP port opened through Podscope, listed with who opened it, closed", async ({ page, context }) => {
  await page.goto(`${base}/c/podscope-local/pods/${NS}/web?tab=shell`);
  await page.getByTestId('forward-port').fill('8080');
  await page.getByTestId('forward-open').click();
  const row = page.locator('[data-testid="forward-row"][data-port="8080"]');
  await expect(row).toContainText('podscope-admin', { timeout: 15_000 });
  const [tab] = await Promise.all([context.waitForEvent('page'), row.getByTestId('forward-link').click()]);
  await expect(tab.locator('h1')).toHaveText('Hello from a simulated pod');
  await tab.close();
  // its page is data: scripts do not run there (a sandboxed, opaque origin)
  const href = await row.getByTestId('forward-link').getAttribute('href');
  const direct = await page.request.get(`${base}${href}metrics`);
  expect(await direct.text()).toMatch(/^http_requests_total \d+$/m);
  expect(direct.headers()['content-security-policy']).toMatch(/^sandbox/);
  await row.getByTestId('forward-close').click();
  await expect(row).toHaveCount(0);
});

test('a crash-looping pod: debugged in a copy whose command is a shell, deleted when done', async ({ page }) => {
  test.setTimeout(90_000);
  await applySimPod(NS, 'crasher', { [SIM.fail]: 'crash', [SIM.runSeconds]: '1' });
  await page.goto(`${base}/c/podscope-local/pods/${NS}/crasher?tab=shell`);
  await page.getByTestId('debug-copy-make').click({ timeout: 30_000 });
  await page.getByTestId('debug-copy-link').click({ timeout: 15_000 });
  await expect(page).toHaveURL(new RegExp(`/pods/${NS}/crasher-debug-[0-9a-f]{5}\\?tab=shell&container=app`));
  await expect(page.getByTestId('debug-copy-self')).toContainText('debug copy of crasher');
  await page.getByTestId('shell-start').click({ timeout: 30_000 });
  await expect(page.getByTestId('shell-status')).toContainText('connected to app', { timeout: 15_000 });
  await typeInTerminal(page, 'echo still-up');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^still-up$/m);
  await page.getByTestId('debug-copy-delete').click();
  await expect(page.getByTestId('debug-copy-deleted')).toBeVisible();
  const copy = page.url().match(/crasher-debug-[0-9a-f]{5}/)![0];
  await expect.poll(async () => (await kubectl(['-n', NS, 'get', 'pod', copy], { allowFail: true })).code, { timeout: 30_000 }).not.toBe(0);
});
