// Write actions: off by default; when on, refused without the CSRF token or from another origin
// (nothing changes), refused by the API server for an identity without the right, and audited.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { paths } from '../../local-cluster/lib/paths.ts';
import { createNamespace, eventually, kubectl, podReader } from '../support/local-cluster.ts';
import { tokenCookieName } from '@/server/auth/token-cookie';

process.env.KUBECONFIG = paths.kubeconfig;
process.env.PODSCOPE_ACTIONS = 'on';
const { GET: available } = await import('@/app/api/c/[context]/pods/[namespace]/[name]/actions/route');
const { POST: act } = await import('@/app/api/c/[context]/pods/[namespace]/[name]/actions/[action]/route');

const NS = `podscope-actions-${Date.now().toString(36)}`;
const params = (name: string, action = '') => ({ params: Promise.resolve({ context: 'podscope-local', namespace: NS, name, action }) });
const exists = async (name: string) => (await kubectl(['-n', NS, 'get', 'pod', name], { allowFail: true })).code === 0;
let viewerToken = '';

beforeAll(async () => {
  await createNamespace(NS);
  for (const n of ['keep', 'victim', 'viewer-target']) await kubectl(['-n', NS, 'run', n, '--image=nginx:1.27', '--restart=Never']);
  viewerToken = await podReader(NS);
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

const req = (url: string, headers: Record<string, string> = {}, method = 'POST') =>
  new Request(`http://127.0.0.1:3000${url}`, { method, headers: { host: '127.0.0.1:3000', ...headers } });

describe('write actions', () => {
  it('refuses without the CSRF token or from another origin; nothing changes', async () => {
    const info = (await (await available(req('/a', {}, 'GET'), params('keep'))).json()) as {
      enabled: boolean;
      delete: boolean;
      csrf: string;
    };
    expect(info).toMatchObject({ enabled: true, delete: true });
    const noToken = await act(req('/a', { origin: 'http://127.0.0.1:3000' }), params('keep', 'delete'));
    expect(noToken.status).toBe(403);
    const crossSite = await act(req('/a', { origin: 'https://evil.example', 'x-podscope-csrf': info.csrf }), params('keep', 'delete'));
    expect(crossSite.status).toBe(403);
    const wrongToken = await act(req('/a', { origin: 'http://127.0.0.1:3000', 'x-podscope-csrf': 'forged' }), params('keep', 'delete'));
    expect(wrongToken.status).toBe(403);
    expect(await exists('keep')).toBe(true);
  });

  it('an identity without delete rights is not offered the action, and the API server refuses it', async () => {
    const cookie = `${tokenCookieName('podscope-local')}=${encodeURIComponent(viewerToken)}`;
    vi.stubEnv('PODSCOPE_AUTH', 'token');
    try {
      const { config } = await import('@/server/config');
      (config() as { PODSCOPE_AUTH: string }).PODSCOPE_AUTH = 'token';
      const info = (await (await available(req('/a', { cookie }, 'GET'), params('viewer-target'))).json()) as {
        delete: boolean;
        restart: boolean;
        csrf: string;
      };
      expect(info.delete).toBe(false);
      const res = await act(
        req('/a', { cookie, origin: 'http://127.0.0.1:3000', 'x-podscope-csrf': info.csrf }),
        params('viewer-target', 'delete'),
      );
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cannot delete resource "pods"/);
      expect(await exists('viewer-target')).toBe(true);
      (config() as { PODSCOPE_AUTH: string }).PODSCOPE_AUTH = 'none';
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('an allowed delete works and is audited (who, what, when, result)', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const info = (await (await available(req('/a', {}, 'GET'), params('victim'))).json()) as { csrf: string };
      const res = await act(req('/a', { origin: 'http://127.0.0.1:3000', 'x-podscope-csrf': info.csrf }), params('victim', 'delete'));
      expect(res.status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    const audit = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'audit');
    expect(audit).toMatchObject({ who: 'podscope-admin', action: 'delete', target: `pod ${NS}/victim`, result: 'ok' });
    expect(audit.at).toMatch(/^\d{4}-/);
    await eventually('victim deleted', async () => !(await exists('victim')), 15_000);
  });
});
