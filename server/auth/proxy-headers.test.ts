import { describe, expect, it, vi } from 'vitest';
import { MAX_GROUPS, proxySettings, readProxyHeaders } from './proxy-headers';

const SECRET = 's'.repeat(40);
const settings = proxySettings({ PODSCOPE_PROXY_SECRET: SECRET });
const read = (h: Record<string, string> | Headers) => readProxyHeaders(h instanceof Headers ? h : new Headers(h), settings);
const fromProxy = (extra: Record<string, string> = {}) => ({
  'x-podscope-proxy-secret': SECRET,
  'x-forwarded-user': 'alice@example.com',
  ...extra,
});

describe('proxy settings', () => {
  it('needs a secret of at least 32 characters, and never prints it', () => {
    expect(() => proxySettings({})).toThrow(/PODSCOPE_PROXY_SECRET \(it is not set\).*at least 32/);
    expect(() => proxySettings({ PODSCOPE_PROXY_SECRET: 'short-secret-value' })).toThrow(/too short/);
    try {
      proxySettings({ PODSCOPE_PROXY_SECRET: 'short-secret-value' });
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret-value');
    }
  });
  it('has default header names, takes others, and refuses invalid or clashing ones', () => {
    expect(settings).toMatchObject({
      secretHeader: 'x-podscope-proxy-secret',
      userHeader: 'x-forwarded-user',
      groupsHeader: 'x-forwarded-groups',
    });
    expect(proxySettings({ PODSCOPE_PROXY_SECRET: SECRET, PODSCOPE_PROXY_USER_HEADER: 'X-Auth-Request-User' }).userHeader).toBe(
      'x-auth-request-user',
    );
    expect(() => proxySettings({ PODSCOPE_PROXY_SECRET: SECRET, PODSCOPE_PROXY_GROUPS_HEADER: 'bad header' })).toThrow(
      /PODSCOPE_PROXY_GROUPS_HEADER is not a valid HTTP header name/,
    );
    expect(() => proxySettings({ PODSCOPE_PROXY_SECRET: SECRET, PODSCOPE_PROXY_USER_HEADER: 'x-forwarded-groups' })).toThrow(
      /three different headers/,
    );
  });
});

describe('configuration', () => {
  it('refuses proxy mode without a good secret at startup', async () => {
    vi.stubEnv('PODSCOPE_AUTH', 'proxy');
    vi.stubEnv('PODSCOPE_PROXY_SECRET', '');
    try {
      vi.resetModules();
      const { config } = await import('../config');
      expect(() => config()).toThrow(/^invalid Podscope configuration: PODSCOPE_AUTH=proxy needs PODSCOPE_PROXY_SECRET \(it is not set\)/);
      vi.stubEnv('PODSCOPE_PROXY_SECRET', SECRET);
      vi.resetModules();
      expect((await import('../config')).config().PODSCOPE_AUTH).toBe('proxy');
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe('proxy headers', () => {
  it('need the right secret', () => {
    expect(read({ 'x-forwarded-user': 'alice' })).toEqual({
      ok: false,
      message: 'not authenticated by the proxy: the request has no x-podscope-proxy-secret header',
    });
    expect(read(fromProxy({ 'x-podscope-proxy-secret': 'nope' }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/does not match/),
    });
    expect(read(fromProxy({ 'x-podscope-proxy-secret': SECRET.slice(0, -1) }))).toMatchObject({ ok: false });
    expect(read(fromProxy({ 'x-podscope-proxy-secret': '' }))).toMatchObject({ ok: false });
  });
  it('need exactly one sane user', () => {
    expect(read(fromProxy({ 'x-forwarded-user': '' }))).toMatchObject({ ok: false, message: expect.stringMatching(/no user/) });
    expect(read(fromProxy({ 'x-forwarded-user': '   ' }))).toMatchObject({ ok: false, message: expect.stringMatching(/no user/) });
    expect(read(fromProxy({ 'x-forwarded-user': 'a'.repeat(257) }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/longer than 256/),
    });
    expect(read(fromProxy({ 'x-forwarded-user': 'ali\tce' }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/control characters/),
    });
    expect(read(fromProxy({ 'x-forwarded-user': 'system:admin' }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/reserved "system:"/),
    });
    const twice = new Headers(fromProxy());
    twice.append('x-forwarded-user', 'mallory');
    expect(read(twice)).toMatchObject({ ok: false, message: expect.stringMatching(/more than one user/) });
    expect(read(fromProxy())).toEqual({ ok: true, user: 'alice@example.com', groups: [] });
  });
  it('read groups comma-separated or repeated, deduplicated, capped and checked', () => {
    expect(read(fromProxy({ 'x-forwarded-groups': ' dev, oncall ,,dev' }))).toEqual({
      ok: true,
      user: 'alice@example.com',
      groups: ['dev', 'oncall'],
    });
    const h = new Headers(fromProxy());
    h.append('x-forwarded-groups', 'dev');
    h.append('x-forwarded-groups', 'oncall,sre');
    expect(read(h)).toMatchObject({ ok: true, groups: ['dev', 'oncall', 'sre'] });
    const many = Array.from({ length: MAX_GROUPS + 1 }, (_, i) => `g${i}`).join(',');
    expect(read(fromProxy({ 'x-forwarded-groups': many }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/more than 64 groups/),
    });
    expect(read(fromProxy({ 'x-forwarded-groups': 'dev,system:masters' }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/a group .* reserved/),
    });
    expect(read(fromProxy({ 'x-forwarded-groups': `dev,${'g'.repeat(300)}` }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/longer than/),
    });
  });
  it('use the configured header names', () => {
    const s = proxySettings({
      PODSCOPE_PROXY_SECRET: SECRET,
      PODSCOPE_PROXY_SECRET_HEADER: 'x-shared',
      PODSCOPE_PROXY_USER_HEADER: 'x-auth-request-user',
      PODSCOPE_PROXY_GROUPS_HEADER: 'x-auth-request-groups',
    });
    expect(readProxyHeaders(new Headers({ 'x-shared': SECRET, 'x-auth-request-user': 'bob', 'x-auth-request-groups': 'a' }), s)).toEqual({
      ok: true,
      user: 'bob',
      groups: ['a'],
    });
    expect(readProxyHeaders(new Headers(fromProxy()), s)).toMatchObject({ ok: false });
  });
});
