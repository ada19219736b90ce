// Captures real API objects from the local cluster's scenarios as test fixtures for the
// diagnosis engine: each scenario's first pod, its events, owners, node and PVCs. The
// simulation's own annotations and managedFields are removed, so fixtures hold only what a real
// cluster would record. Usage: node local-cluster/capture-fixtures.ts <out-dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectl } from './lib/kubectl.ts';
import { SIM_DOMAIN } from './sim/convention.ts';
import { SCENARIOS } from './sim/scenarios.ts';

type Obj = {
  metadata?: {
    annotations?: Record<string, string>;
    managedFields?: unknown;
    ownerReferences?: { kind: string; name: string }[];
    name?: string;
  };
} & Record<string, unknown>;

function clean<T extends Obj>(o: T): T {
  const c = structuredClone(o);
  if (c.metadata) {
    delete c.metadata.managedFields;
    const a = c.metadata.annotations ?? {};
    // last-applied-configuration would carry the simulation's annotations along with the manifest
    for (const k of Object.keys(a))
      if (k.startsWith(`${SIM_DOMAIN}/`) || k === 'kubectl.kubernetes.io/last-applied-configuration') delete a[k];
    const spec = (c as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } }).spec;
    for (const k of Object.keys(spec?.template?.metadata?.annotations ?? {}))
      if (k.startsWith(`${SIM_DOMAIN}/`)) delete spec!.template!.metadata!.annotations![k];
  }
  return c;
}

const get = async (args: string[]) => JSON.parse((await kubectl([...args, '-o', 'json'])).stdout) as Obj & { items: Obj[] };

const out = process.argv[2];
if (!out) {
  console.error('usage: capture-fixtures.ts <out-dir>');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const nodes = (await get(['get', 'nodes'])).items.filter((n) => !String(n.metadata?.name).startsWith('scale-')).map(clean);
writeFileSync(join(out, 'nodes.json'), `${JSON.stringify(nodes, null, 1)}\n`);
for (const s of SCENARIOS.filter((x) => !x.noPods)) {
  const pods = (await get(['-n', s.namespace, 'get', 'pods', ...(s.selector ? ['-l', s.selector] : [])])).items;
  const pod = pods[0];
  if (!pod) {
    console.log(`skip ${s.name}: no pod`);
    continue;
  }
  const events = (
    await get(['-n', s.namespace, 'get', 'events', '--field-selector', `involvedObject.name=${pod.metadata?.name}`])
  ).items.map(clean);
  const owners: Record<string, unknown> = {};
  const ref = pod.metadata?.ownerReferences?.[0];
  if (ref?.kind === 'ReplicaSet') {
    const rs = await get(['-n', s.namespace, 'get', 'replicaset', ref.name]);
    owners.replicaSet = clean(rs);
    const dep = rs.metadata?.ownerReferences?.[0];
    if (dep) {
      owners.deployment = clean(await get(['-n', s.namespace, 'get', 'deployment', dep.name]));
      owners.siblings = (await get(['-n', s.namespace, 'get', 'replicasets'])).items
        .filter((x) => x.metadata?.ownerReferences?.[0]?.name === dep.name && x.metadata?.name !== ref.name)
        .map(clean);
    }
  }
  if (ref?.kind === 'Job') owners.job = clean(await get(['-n', s.namespace, 'get', 'job', ref.name]));
  const pvcs = (await get(['-n', s.namespace, 'get', 'pvc'])).items.map(clean);
  const fixture = { scenario: s.name, expectStatus: s.expect, pod: clean(pod), events, owners, pvcs, capturedAt: new Date().toISOString() };
  writeFileSync(join(out, `${s.name}.json`), `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`captured ${s.name}: ${pod.metadata?.name}, ${events.length} events`);
}
