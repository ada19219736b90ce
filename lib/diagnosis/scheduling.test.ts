import { describe, expect, it } from 'vitest';
import { parseFailedScheduling } from './scheduling';

// messages exactly as kube-scheduler v1.36 wrote them on the local cluster
describe('FailedScheduling parser', () => {
  it('counts per reason', () => {
    expect(
      parseFailedScheduling(
        '0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. no new claims to deallocate, preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
      ),
    ).toEqual({
      total: 4,
      reasons: [
        { count: 1, reason: 'node(s) had untolerated taint(s)' },
        { count: 3, reason: 'Insufficient cpu' },
      ],
      preemption: '0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    });
  });
  it('keeps a prefilter message without a count', () => {
    expect(
      parseFailedScheduling('0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. not found').reasons[0],
    ).toEqual({ count: 0, reason: 'pod has unbound immediate PersistentVolumeClaims' });
  });
  it('handles counts of 10 and more sorted before 2 (string order)', () => {
    expect(
      parseFailedScheduling("0/12 nodes are available: 10 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory.")
        .reasons,
    ).toEqual([
      { count: 10, reason: "node(s) didn't match Pod's node affinity/selector" },
      { count: 2, reason: 'Insufficient memory' },
    ]);
  });
  it('returns nothing for other messages', () => {
    expect(parseFailedScheduling('Successfully assigned x to y').reasons).toEqual([]);
  });
});
