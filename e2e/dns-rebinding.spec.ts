// DNS rebinding, as an attacker would run it: Chromium resolves a name the attacker controls
// (rebind.evil.example) to 127.0.0.1, so a page "from" that name talks to Podscope on loopback
// with the browser's full trust. Podscope must answer none of it: nothing readable, nothing
// deleted, no stream. The same script from Podscope's own origin reads fine (the control).
import { expect, test } from '@playwright/test';
import { startAppServer, stopAppServer } from './app-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { kubectl, uniq } from './support';
import { createNamespace } from '../test/support/local-cluster.ts';

const NS = uniq('e2e-rebind');
let base = '';

test.beforeAll(async () => {
  await createNamespace(NS);
  await kubectl(['-n', NS, 'run', 'victim', '--image=nginx:1.27', '--restart=Never']);
  base = (await startAppServer({ name: 'e2e-rebind-server', env: { PODSCOPE_ACTIONS: 'on', PODSCOPE_RECORDER: 'watched' } })).url;
});
test.afterAll(async () => {
  stopAppServer('e2e-rebind-server');
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

/** What a page's own script can learn and do against the origin it was loaded from. */
async function attack(page: import('@playwright/test').Page, ns: string) {
  return page.evaluate(async (ns) => {
    const read = async (path: string) => {
      try {
        const r = await fetch(path);
        return { status: r.status, body: await r.text() };
      } catch (e) {
        return { status: 0, body: String(e) };
      }
    };
    const clusters = await read('/api/clusters');
    const actions = await read(`/api/c/podscope-local/pods/${ns}/victim/actions`);
    let csrf = '';
    try {
      csrf = (JSON.parse(actions.body) as { csrf?: string }).csrf ?? '';
    } catch {
      /* refused */
    }
    const del = await fetch(`/api/c/podscope-local/pods/${ns}/victim/actions/delete`, {
      method: 'POST',
      headers: { 'X-Podscope-CSRF': csrf || 'guess' },
    }).then(
      (r) => r.status,
      () => 0,
    );
    const streamed = await new Promise<string[]>((resolve) => {
      const got: string[] = [];
      const es = new EventSource('/api/stream');
      es.onmessage = (m) => got.push(String(m.data).slice(0, 80));
      setTimeout(() => {
        es.close();
        resolve(got);
      }, 3000);
    });
    return { clusters, actions, csrf, del, streamed };
  }, ns);
}

test('a rebound name gets nothing: no data, no CSRF token, no deletion, no stream', async () => {
  const browser = await (
    await import('@playwright/test')
  ).chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP rebind.evil.example 127.0.0.1'] });
  try {
    const page = await browser.newPage();
    const evil = base.replace('127.0.0.1', 'rebind.evil.example');
    const res = await page.goto(`${evil}/c/podscope-local/pods`);
    expect(res?.status()).toBe(403);
    await expect(page.locator('body')).toContainText('does not answer for this host name');
    const got = await attack(page, NS);
    expect(got.clusters.status).toBe(403);
    expect(got.clusters.body).not.toContain('podscope-local');
    expect(got.actions.status).toBe(403);
    expect(got.csrf).toBe('');
    expect(got.del).toBe(403);
    expect(got.streamed).toEqual([]);
    // the pod is still there, well after the attempt
    await new Promise((r) => setTimeout(r, 1000));
    expect((await kubectl(['-n', NS, 'get', 'pod', 'victim', '-o', 'jsonpath={.metadata.deletionTimestamp}'])).stdout).toBe('');

    // control: the same script on Podscope's own origin does read (so the test can see a leak)
    const own = await browser.newPage();
    await own.goto(`${base}/`);
    const ok = await own.evaluate(async () => (await fetch('/api/clusters')).text());
    expect(ok).toContain('podscope-local');
  } finally {
    await browser.close();
  }
});
