import { describe, expect, it } from 'vitest';
import { assertLoopbackBind } from './bind-guard';

describe('loopback-only bind', () => {
  it('accepts loopback addresses', () => {
    expect(() => assertLoopbackBind({}, ['node', 'next', 'start', '--hostname', '127.0.0.1'])).not.toThrow();
    expect(() => assertLoopbackBind({ HOSTNAME: 'localhost' }, ['node', 'server.js'])).not.toThrow();
    expect(() => assertLoopbackBind({}, ['node', 'next', 'start', '-H', '::1'])).not.toThrow();
  });
  it('refuses other addresses, and `next start` without a hostname', () => {
    expect(() => assertLoopbackBind({}, ['node', 'next', 'start', '--hostname', '0.0.0.0'])).toThrow(/refusing to listen on "0.0.0.0"/);
    expect(() => assertLoopbackBind({ HOSTNAME: '10.1.2.3' }, ['node', 'server.js'])).toThrow(/refusing/);
    expect(() => assertLoopbackBind({}, ['node', 'next', 'start'])).toThrow(/--hostname 127.0.0.1/);
    expect(() => assertLoopbackBind({ PODSCOPE_AUTH: 'token' }, ['node', 'next', 'start', '-H', '0.0.0.0'])).toThrow(
      /PODSCOPE_ALLOW_REMOTE/,
    );
    expect(() => assertLoopbackBind({ PODSCOPE_AUTH: 'proxy' }, ['node', 'next', 'start', '-H', '0.0.0.0'])).toThrow(
      /PODSCOPE_ALLOW_REMOTE/,
    );
    expect(() =>
      assertLoopbackBind({ PODSCOPE_AUTH: 'none', PODSCOPE_ALLOW_REMOTE: '1' }, ['node', 'next', 'start', '-H', '0.0.0.0']),
    ).toThrow(/refusing/);
  });
  it('allows other addresses only with logins on and an explicit flag', () => {
    expect(() =>
      assertLoopbackBind({ PODSCOPE_AUTH: 'token', PODSCOPE_ALLOW_REMOTE: '1' }, ['node', 'next', 'start', '-H', '0.0.0.0']),
    ).not.toThrow();
    expect(() =>
      assertLoopbackBind({ PODSCOPE_AUTH: 'proxy', PODSCOPE_ALLOW_REMOTE: '1' }, ['node', 'next', 'start', '-H', '0.0.0.0']),
    ).not.toThrow();
  });
});
