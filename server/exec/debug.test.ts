import { describe, expect, it } from 'vitest';
import { debugContainer, profileSecurityContext } from './debug';

describe('debug containers', () => {
  it('gives each kubectl debug profile its security context', () => {
    expect(profileSecurityContext('general')).toEqual({ capabilities: { add: ['SYS_PTRACE'] } });
    expect(profileSecurityContext('baseline')).toBeUndefined();
    expect(profileSecurityContext('restricted')).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(profileSecurityContext('netadmin')).toEqual({ capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    expect(profileSecurityContext('sysadmin')).toEqual({ privileged: true });
  });

  it('names the container debugger-xxxxx, never one the pod has, and sets target, stdin and tty', () => {
    let n = 0;
    // the first draw collides with an existing name, the second does not
    const random = () => Buffer.from(n++ === 0 ? [0, 0, 0, 0, 0, 0, 0, 0] : [1, 2, 3, 4, 5, 6, 7, 8]);
    const c = debugContainer({ image: 'busybox:1.37', profile: 'baseline', target: 'app' }, ['app', 'debugger-bbbbb'], random);
    expect(c.name).toMatch(/^debugger-[a-z0-9]{5}$/);
    expect(c.name).not.toBe('debugger-bbbbb');
    expect(c).toMatchObject({ image: 'busybox:1.37', stdin: true, tty: true, targetContainerName: 'app' });
    expect(c.securityContext).toBeUndefined();
  });
});
