import { describe, expect, it } from 'vitest';
import type { PodRow } from './row';
import { changedHunks, deploymentRevisions, hashRevisions, lineDiff, templateLines } from './revisions';

const pod = (name: string, owner: string, labels: Record<string, string> = {}, ready = 1): PodRow => ({
  key: `shop/${name}`,
  uid: name,
  namespace: 'shop',
  name,
  labels,
  status: ready ? 'Running' : 'CrashLoopBackOff',
  phase: 'Running',
  ready,
  total: 1,
  restarts: 0,
  owner: { kind: owner.includes('-') ? 'ReplicaSet' : 'StatefulSet', name: owner },
  deleting: false,
});
const rs = (name: string, revision: string, image: string, ready: number) => ({
  metadata: {
    name,
    annotations: { 'deployment.kubernetes.io/revision': revision },
    ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }],
  },
  spec: {
    replicas: 3,
    template: { metadata: { labels: { app: 'web', 'pod-template-hash': name.slice(4) } }, spec: { containers: [{ name: 'web', image }] } },
  },
  status: { readyReplicas: ready },
});

describe('revisions', () => {
  const sets = [
    rs('web-aaa', '1', 'web:1.0', 3),
    rs('web-bbb', '2', 'web:1.1', 0),
    { metadata: { name: 'other-x', ownerReferences: [{ kind: 'Deployment', name: 'other' }] } },
  ];
  const pods = [pod('web-aaa-1', 'web-aaa'), pod('web-bbb-1', 'web-bbb', {}, 0), pod('other-x-1', 'other-x')];
  it("a Deployment's ReplicaSets, newest revision first, with images and their pods", () => {
    const r = deploymentRevisions('web', sets, pods);
    expect(r.map((x) => [x.revision, x.name, x.images.join(), x.ready, x.pods.map((p) => p.name).join()])).toEqual([
      [2, 'web-bbb', 'web=web:1.1', 0, 'web-bbb-1'],
      [1, 'web-aaa', 'web=web:1.0', 3, 'web-aaa-1'],
    ]);
  });
  it('what changed between two templates, without the hash label', () => {
    const [newer, older] = deploymentRevisions('web', sets, pods);
    const d = lineDiff(templateLines(older.template), templateLines(newer.template));
    expect(d.filter((l) => l.op !== ' ')).toEqual([
      { op: '-', text: '        "image": "web:1.0"' },
      { op: '+', text: '        "image": "web:1.1"' },
    ]);
    expect(changedHunks(d, 1).length).toBeLessThan(d.length);
  });
  it('StatefulSet pods grouped by controller-revision-hash, the update revision first', () => {
    const ps = [pod('db-0', 'db', { 'controller-revision-hash': 'db-new' }), pod('db-1', 'db', { 'controller-revision-hash': 'db-old' })];
    expect(hashRevisions(ps, 'db-old', 'db-new').map((r) => r.name)).toEqual(['db-new', 'db-old']);
  });
});
