// A captured scenario fixture (pod, its events, owners, claims; local-cluster/capture-fixtures.ts)
// turned into the diagnosis input the same way the offline CLI builds it: as kubectl lists
// through objectSet → objectSources → gatherInput. The capture listed the pod's namespace's
// events, the owners' ReplicaSets and the claims the pod names, so those kinds are covered there;
// ConfigMaps and Secrets were not captured, so they are unknown (as they would be offline).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { gatherInput } from '@/lib/diagnosis/gather';
import { objectSources } from '@/lib/diagnosis/object-sources';
import { type KubeDocument, objectSet } from '@/lib/diagnosis/offline';
import type { DiagnosisInput } from '@/lib/diagnosis/types';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'lib', 'diagnosis', 'fixtures');

export interface Fixture {
  pod: V1Pod;
  events: unknown[];
  owners?: { replicaSet?: unknown; deployment?: unknown; siblings?: unknown[]; job?: unknown; cronJob?: unknown };
  pvcs?: unknown[];
  capturedAt: string;
}

export const readFixture = (name: string): Fixture => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
export const readNodes = (): V1Node[] => JSON.parse(readFileSync(join(FIXTURES, 'nodes.json'), 'utf8'));

/** The fixture as the documents kubectl would have written for it. */
export function fixtureDocuments(fx: Fixture, nodes: V1Node[]): KubeDocument[] {
  const ns = fx.pod.metadata?.namespace ?? '';
  const o = fx.owners ?? {};
  const owners = [o.replicaSet, o.deployment, ...(o.siblings ?? []), o.job, o.cronJob].filter(Boolean);
  const docs: KubeDocument[] = [
    { origin: 'pod.json', value: { kind: 'Pod', ...fx.pod } },
    { origin: 'events.json', value: { kind: 'EventList', items: fx.events }, namespace: ns },
    { origin: 'claims.json', value: { kind: 'PersistentVolumeClaimList', items: fx.pvcs ?? [] }, namespace: ns },
    { origin: 'nodes.json', value: { kind: 'NodeList', items: nodes } },
  ];
  if (owners.length) docs.push({ origin: 'owners.json', value: { kind: 'List', items: owners } });
  if (o.replicaSet)
    docs.push({
      origin: 'replicasets.json',
      value: { kind: 'ReplicaSetList', items: [o.replicaSet, ...(o.siblings ?? [])] },
      namespace: ns,
    });
  return docs;
}

export async function inputFromDocuments(docs: KubeDocument[], pod: V1Pod, now: number): Promise<DiagnosisInput> {
  const set = objectSet(docs);
  const sources = objectSources(set.indexes, { missingWhy: (kind) => `no ${kind}s in the files given` });
  const found = set.pods.find((p) => p.metadata?.namespace === pod.metadata?.namespace && p.metadata?.name === pod.metadata?.name) ?? pod;
  return gatherInput(sources, found, { now });
}

export async function fixtureInput(fx: Fixture, nodes: V1Node[] = readNodes()): Promise<DiagnosisInput> {
  return inputFromDocuments(fixtureDocuments(fx, nodes), fx.pod, Date.parse(fx.capturedAt));
}
