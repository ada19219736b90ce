import { describe, expect, it } from 'vitest';
import { hostAllowed, hostPolicy, originProblem } from './host';

const local = hostPolicy({ PORT: '3000' });
const shared = hostPolicy({ PORT: '3000', PODSCOPE_ALLOWED_HOSTS: 'podscope.example.com, Podscope.internal:8443' });
const h = (o: Record<string, string>) => new Headers(o);

describe('the Host allow-list', () => {
  it('answers loopback names and addresses on the served port only', () => {
    for (const ok of ['127.0.0.1:3000', 'localhost:3000', 'LOCALHOST:3000', '[::1]:3000', '127.1.2.3:3000'])
      expect(hostAllowed(ok, local), ok).toBe(true);
    for (const no of [
      '127.0.0.1:3001',
      'localhost',
      '127.0.0.1',
      '[::1]:80',
      'rebind.evil.example:3000',
      'localhost.evil.example:3000',
      'evil.localhost:3000',
      '127.0.0.1.nip.io:3000',
      '0.0.0.0:3000',
      '',
      'localhost:3000:1',
      'local host:3000',
      'user@localhost:3000',
    ])
      expect(hostAllowed(no, local), no).toBe(false);
    expect(hostAllowed(null, local)).toBe(false);
  });
  it('answers configured names (any port unless one is given) in shared installs', () => {
    expect(hostAllowed('podscope.example.com', shared)).toBe(true);
    expect(hostAllowed('podscope.example.com:443', shared)).toBe(true);
    expect(hostAllowed('podscope.internal:8443', shared)).toBe(true);
    expect(hostAllowed('podscope.internal', shared)).toBe(false);
    expect(hostAllowed('evil.podscope.example.com', shared)).toBe(false);
    expect(hostAllowed('podscope.example.com.evil.example', shared)).toBe(false);
  });
  it('answers a loopback name on another port only where that port is listed (kubectl port-forward 8080:3000)', () => {
    const forwarded = hostPolicy({ PORT: '3000', PODSCOPE_ALLOWED_HOSTS: 'localhost:8080' });
    expect(hostAllowed('localhost:8080', forwarded)).toBe(true);
    expect(hostAllowed('localhost:3000', forwarded)).toBe(true);
    expect(hostAllowed('localhost:8081', forwarded)).toBe(false);
    expect(hostAllowed('127.0.0.1:8080', forwarded)).toBe(false);
  });
});

describe('the Origin of state-changing requests and streams', () => {
  it("must be one of Podscope's own hosts and the host the request went to", () => {
    expect(
      originProblem(h({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }), local, {
        requireOrigin: true,
      }),
    ).toBeUndefined();
    // DNS rebinding: Origin and Host agree, but both are the attacker's name
    expect(
      originProblem(
        h({ host: 'rebind.evil.example:3000', origin: 'http://rebind.evil.example:3000', 'sec-fetch-site': 'same-origin' }),
        local,
        { requireOrigin: true },
      ),
    ).toMatch(/not one of Podscope's own hosts/);
    expect(
      originProblem(h({ host: '127.0.0.1:3000', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }), local, {
        requireOrigin: true,
      }),
    ).toMatch(/cross-site/);
    expect(originProblem(h({ host: '127.0.0.1:3000', origin: 'http://localhost:3000' }), local, { requireOrigin: true })).toMatch(
      /is not 127.0.0.1:3000/,
    );
    expect(originProblem(h({ host: '127.0.0.1:3000' }), local, { requireOrigin: true })).toMatch(/no Origin/);
    expect(originProblem(h({ host: '127.0.0.1:3000' }), local, { requireOrigin: false })).toBeUndefined();
    expect(originProblem(h({ host: '127.0.0.1:3000', origin: 'null' }), local, { requireOrigin: true })).toMatch(/opaque/);
    expect(
      originProblem(h({ host: 'podscope.example.com', origin: 'https://podscope.example.com' }), shared, { requireOrigin: true }),
    ).toBeUndefined();
  });
});
