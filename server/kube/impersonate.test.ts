import { describe, expect, it } from 'vitest';
import type { Dispatcher } from 'undici';
import { KubeConfig } from '@kubernetes/client-node';
import { ImpersonatingKubeConfig, impersonating } from './impersonate';

function sent(headers: Dispatcher.DispatchOptions['headers'], groups = ['dev', 'oncall']) {
  let seen: unknown;
  const dispatch = ((opts: Dispatcher.DispatchOptions) => {
    seen = opts.headers;
    return true;
  }) as Dispatcher['dispatch'];
  impersonating({ user: 'alice', groups })(dispatch)({ path: '/', method: 'GET', headers }, {} as Dispatcher.DispatchHandler);
  return seen;
}

describe('the impersonation interceptor', () => {
  it('sets the user and one value per group, replacing any Impersonate-* header already there', () => {
    expect(sent({ authorization: 'Bearer t', 'Impersonate-User': 'root', 'impersonate-group': 'system:masters' })).toEqual({
      authorization: 'Bearer t',
      'impersonate-user': 'alice',
      'impersonate-group': ['dev', 'oncall'],
    });
    expect(sent(['accept', 'application/json', 'Impersonate-User', 'root'])).toEqual({
      accept: 'application/json',
      'impersonate-user': 'alice',
      'impersonate-group': ['dev', 'oncall'],
    });
    expect(
      sent(
        new Map([
          ['accept', 'a'],
          ['impersonate-uid', '1'],
        ]) as unknown as Dispatcher.DispatchOptions['headers'],
      ),
    ).toEqual({ accept: 'a', 'impersonate-user': 'alice', 'impersonate-group': ['dev', 'oncall'] });
    expect(sent(null, [])).toEqual({ 'impersonate-user': 'alice' });
  });
});

describe('ImpersonatingKubeConfig', () => {
  const base = (extra: { caData?: string } = {}) => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://k8s.example', skipTLSVerify: false, ...extra }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    return new ImpersonatingKubeConfig(kc, { user: 'alice', groups: [] });
  };
  it('connects over HTTP/1.1 only, with or without TLS options', () => {
    const kc = base();
    expect(kc.createDispatcherOptions(kc.getCurrentCluster(), {})).toMatchObject({ type: 'agent', connect: { allowH2: false } });
    expect(kc.createDispatcherOptions(kc.getCurrentCluster(), { ca: 'x' })).toMatchObject({
      type: 'agent',
      connect: { ca: 'x', allowH2: false },
    });
  });
  it('puts the user and each group into WebSocket options (exec, port-forward), replacing any there', async () => {
    const kc = base();
    const opts = { headers: { 'impersonate-user': 'root' } } as Record<string, unknown>;
    await kc.applyToHTTPSOptions(opts);
    expect(opts.headers).toEqual({ Authorization: 'Bearer t', 'Impersonate-User': 'alice' });
    const withGroups = new ImpersonatingKubeConfig(kc, { user: 'bob', groups: ['dev', 'oncall'] });
    const o2 = {} as Record<string, unknown>;
    await withGroups.applyToHTTPSOptions(o2);
    expect(o2.headers).toEqual({ Authorization: 'Bearer t', 'Impersonate-User': 'bob', 'Impersonate-Group': ['dev', 'oncall'] });
  });
});
