import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podRequests, quantity } from './quantity';

describe('quantities', () => {
  it('reads the suffixes Kubernetes writes', () => {
    expect(quantity('500m')).toBe(0.5);
    expect(quantity('2')).toBe(2);
    expect(quantity('512Mi')).toBe(512 * 2 ** 20);
    expect(quantity('1.5Gi')).toBe(1.5 * 2 ** 30);
    expect(quantity('1e3')).toBe(1000);
    expect(quantity('100k')).toBe(100_000);
    expect(quantity(undefined)).toBe(0);
    expect(quantity('lots')).toBe(0);
  });
  it('counts a pod as the scheduler does: main plus sidecars, or the biggest init step', () => {
    const c = (name: string, cpu: string, restartPolicy?: string) => ({
      name,
      image: 'x',
      resources: { requests: { cpu } },
      ...(restartPolicy ? { restartPolicy } : {}),
    });
    const pod = {
      spec: {
        initContainers: [c('setup', '3'), c('proxy', '500m', 'Always'), c('migrate', '2')],
        containers: [c('app', '1')],
        overhead: { cpu: '100m' },
      },
    } as V1Pod;
    // init peak: setup 3 (no sidecar yet) vs migrate 2 + proxy 0.5; steady: app 1 + proxy 0.5
    expect(podRequests(pod, 'cpu')).toBeCloseTo(3.1);
    expect(podRequests({ spec: { containers: [c('a', '250m'), c('b', '250m')] } } as V1Pod, 'cpu')).toBe(0.5);
  });
});
