import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { diagnose, primary } from '../diagnosis/engine';
import { nodeRows, requestsByNode } from './capacity';

const node = (name: string, cpu: string, memory = '8Gi'): V1Node =>
  ({
    metadata: { name, labels: { 'topology.kubernetes.io/zone': 'z1' } },
    status: { allocatable: { cpu, memory, pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  }) as unknown as V1Node;
const pod = (name: string, nodeName: string | undefined, cpu: string, phase = 'Running'): V1Pod =>
  ({
    metadata: { name, namespace: 'shop', uid: name },
    spec: { nodeName, containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu, memory: '1Gi' } } }] },
    status: {
      phase,
      conditions:
        phase === 'Pending'
          ? [
              {
                type: 'PodScheduled',
                status: 'False',
                reason: 'Unschedulable',
                message:
                  '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
              },
            ]
          : [{ type: 'Ready', status: 'True' }],
      containerStatuses:
        phase === 'Running' ? [{ name: 'app', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } }] : [],
    },
  }) as unknown as V1Pod;

describe('node capacity', () => {
  const pods = [pod('a', 'n1', '3'), pod('b', 'n2', '1500m'), pod('done', 'n2', '2', 'Succeeded'), pod('p', undefined, '3', 'Pending')];

  it('counts the requests of the pods that hold a node (finished and unbound pods do not)', () => {
    expect(requestsByNode(pods)).toEqual({
      n1: { cpu: 3, memory: 2 ** 30, 'ephemeral-storage': 0 },
      n2: { cpu: 1.5, memory: 2 ** 30, 'ephemeral-storage': 0 },
    });
    const rows = nodeRows([node('n2', '4'), node('n1', '4')], pods, new Map([['n1', { at: 1, cpu: 2.5, memory: 3 * 2 ** 30 }]]));
    expect(rows.map((r) => [r.name, r.requested.cpu, r.pods, r.used?.cpu])).toEqual([
      ['n1', 3, 1, 2.5],
      ['n2', 1.5, 1, undefined],
    ]);
  });

  it("a Pending pod's diagnosis names each node's free room, most first", () => {
    const f = diagnose({
      pod: pods[3],
      events: [],
      now: Date.now(),
      nodes: [node('n1', '4'), node('n2', '4')],
      nodeRequests: requestsByNode(pods),
    });
    const p = primary(f)!;
    expect(p.id).toBe('scheduling.unschedulable');
    expect(p.evidence.map((e) => e.text)).toContain('CPU free: n2 2.5 of 4, n1 1 of 4 (the pod needs 3)');
  });
});
