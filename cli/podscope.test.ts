// The offline CLI as a user runs it: files kubectl wrote, in every shape it writes them (one
// object, a List of mixed kinds, YAML, a cluster-info dump directory), built from corpus cases;
// unknown kinds noted, a malformed file named with exit 2, a Secret's data never printed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { NOW } from '@/lib/diagnosis/corpus/build';
import { CORPUS } from '@/lib/diagnosis/corpus/index';

const dir = mkdtempSync(join(tmpdir(), 'podscope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = join(import.meta.dirname, '..');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli', 'podscope.ts'), 'diagnose', '--now', NOW, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const write = (name: string, v: unknown) => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v, null, 4));
  return p;
};
const byName = (n: string) => CORPUS.find((c) => c.name.startsWith(n))!;
const items = (c: (typeof CORPUS)[number]) =>
  c.documents.flatMap(
    (d) => ((d.value as { items?: unknown[] }).items ?? [d.value]) as { kind?: string; metadata?: { namespace?: string } }[],
  );

describe('podscope diagnose -f (offline)', () => {
  it('a List of mixed kinds: the root first, its consequence under it, JSON with the chain', () => {
    const c = byName('evicted for node memory pressure');
    const f = write('evicted.json', c.documents[0].value);
    const text = cli('-f', f, c.pod);
    expect(text.code, text.err).toBe(1);
    expect(text.out).toMatch(/^shop\/cart-6b7c8d9e5f-a1b2c: evicted/);
    expect(text.out).toMatch(
      /\[ERROR\] Evicted by the kubelet on node worker-1[^\n]*\n[\s\S]*\n {2}↳ because of it: container "app" is killed with SIGKILL/,
    );
    const json = JSON.parse(cli('-f', f, c.pod, '--json').out);
    expect(json.primary).toBe('node.evicted');
    expect(json.findings.find((x: { id: string }) => x.id === 'crash.sigkill').causedBy).toBe('node.evicted');
  });

  it('YAML, several files, and every unhealthy pod when none is named (worst first)', () => {
    const a = byName('an init container is OOMKilled');
    const b = byName('a pod inside its grace period');
    const ya = write('a.yaml', stringify(a.documents[0].value));
    const fb = write('b.json', b.documents[0].value);
    const r = cli('-f', ya, '-f', fb, '--json');
    expect(r.code, r.err).toBe(1);
    const pods = JSON.parse(r.out).pods.map((p: { pod: string; primary: string | null }) => `${p.pod} ${p.primary}`);
    expect(pods).toEqual(['shop/orders-5d6e7f8a9b-c1v2b crash.oom-killed']);
    expect(r.err).toContain('2 pod(s) diagnosed, 1 with findings');
    expect(JSON.parse(cli('-f', ya, '-f', fb, '--all', '--json').out).pods).toHaveLength(2);
  });

  it('a cluster-info dump directory: typed lists per namespace, kinds it lacks are unknown', () => {
    const c = byName('pending: its claim does not exist');
    const all = items(c);
    const dump = join(dir, 'dump');
    write('dump/nodes.json', {
      kind: 'NodeList',
      apiVersion: 'v1',
      items: all.filter((o) => o.kind === 'Node').map(({ kind: _k, ...o }) => o),
    });
    for (const [kind, file] of [
      ['Pod', 'pods'],
      ['Event', 'events'],
      ['ReplicaSet', 'replicasets'],
      ['Deployment', 'deployments'],
      ['DaemonSet', 'daemonsets'],
    ] as const)
      write(`dump/payments/${file}.json`, {
        kind: `${kind}List`,
        apiVersion: 'v1',
        metadata: {},
        items: all.filter((o) => o.kind === kind).map(({ kind: _k, ...o }) => o),
      });
    write('dump/payments/services.json', {
      kind: 'ServiceList',
      apiVersion: 'v1',
      items: [{ metadata: { name: 'db', namespace: 'payments' } }],
    });
    write(
      'dump/payments/db-0/logs.txt',
      '==== START logs for container postgres of pod payments/db-0 ====\n==== END logs for container postgres of pod payments/db-0 ====\n',
    );
    const r = cli('-f', dump, c.pod, '--json');
    expect(r.code, r.err).toBe(1);
    const out = JSON.parse(r.out);
    // the dump has no PersistentVolumeClaims: the claim is unknown, never "does not exist"
    expect(out.primary).toBe('scheduling.unschedulable');
    expect(out.findings[0].confidence).toBe('medium');
    expect(out.findings[0].unknowns.join('\n')).toContain('kubectl get pvc data -n payments -o json');
    expect(JSON.stringify(out)).not.toContain('does not exist');
    expect(r.err).toContain('ignored 1 object(s) of kind Service');
    // with the claims listed as well, it is known to be absent
    const withClaims = cli(
      '-f',
      dump,
      '-f',
      write('pvcs.json', {
        kind: 'List',
        apiVersion: 'v1',
        items: [
          {
            kind: 'PersistentVolumeClaim',
            apiVersion: 'v1',
            metadata: { name: 'other', namespace: 'payments' },
            spec: {},
            status: { phase: 'Bound' },
          },
        ],
      }),
      c.pod,
      '--json',
    );
    expect(JSON.parse(withClaims.out).primary).toBe('volume.claim-missing');
  });

  it('a malformed file is exit 2 with its name; a missing pod and bad arguments too', () => {
    const bad = write('broken.json', '{"kind": "List", "items": [');
    const r = cli('-f', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain('broken.json: not valid JSON');
    const noKind = write('nokind.json', { items: [] });
    expect(cli('-f', noKind).err).toContain('nokind.json: not a Kubernetes object or list');
    const some = write('one.json', byName('a pull refused').documents[0].value);
    const missing = cli('-f', some, 'web/nope');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no pod web/nope in the files given');
    expect(cli('-f', some, 'not a pod').code).toBe(2);
    expect(cli('-f', join(dir, 'does-not-exist.json')).err).toMatch(/does-not-exist\.json: cannot read \(ENOENT\)/);
  });

  it('a Secret in the files is used for its name only: its data and annotations never reach the output', () => {
    const c = byName('two faults at once: a missing Secret');
    const secret = {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: {
        name: 'api-keys',
        namespace: 'shop',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"token":"c3VwZXJzZWNyZXQ="}}' },
      },
      data: { token: 'c3VwZXJzZWNyZXQ=' },
    };
    const f = write('with-secret.json', { kind: 'List', apiVersion: 'v1', items: [...items(c), secret] });
    const r = cli('-f', f, c.pod, '--json');
    expect(r.out).not.toContain('c3VwZXJzZWNyZXQ');
    const out = JSON.parse(r.out);
    // the kubelet's record still says it was not found; the file says it exists now
    expect(out.findings[0].evidence.map((e: { text: string }) => e.text).join('\n')).toContain('exists now');
  });
});
