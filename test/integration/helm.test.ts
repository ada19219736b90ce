// The Helm chart (charts/podscope) with the real `helm` (v4, built from the Go module proxy like
// the control plane): it lints, what it renders passes the API server's own validation (a
// server-side dry run) for each way a team runs it, what cannot work is refused before anything
// is applied, deploy/ is what the chart renders with its defaults (so the two never drift), and a
// real `helm install` on the local cluster runs, says how to log in, upgrades and uninstalls.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { binDir, paths, REPO_DIR } from '../../local-cluster/lib/paths.ts';
import { createNamespace, eventually, kubectl, podTable } from '../support/local-cluster.ts';

const CHART = join(REPO_DIR, 'charts', 'podscope');
const NS = `podscope-helm-${Date.now().toString(36)}`;
const run = promisify(execFile);

async function helm(args: string[], opts: { allowFail?: boolean } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(join(binDir(), 'helm'), args, {
      env: {
        ...process.env,
        KUBECONFIG: paths.kubeconfig,
        HELM_CACHE_HOME: join(REPO_DIR, 'test-results', 'helm-cache'),
        HELM_CONFIG_HOME: join(REPO_DIR, 'test-results', 'helm-config'),
        HELM_DATA_HOME: join(REPO_DIR, 'test-results', 'helm-data'),
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    if (!opts.allowFail) throw new Error(`helm ${args.join(' ')} failed: ${e.stderr ?? err}`, { cause: err });
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.code ?? 1 };
  }
}

const template = (sets: string[] = [], ns = 'podscope') =>
  helm(['template', 'podscope', CHART, '--namespace', ns, ...sets.flatMap((s) => ['--set', s])]);

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: unknown };
const objects = (yaml: string): Obj[] =>
  parseAllDocuments(yaml)
    .map((d) => d.toJSON() as Obj | null)
    .filter((o): o is Obj => !!o);

afterAll(async () => {
  await helm(['uninstall', 'team', '--namespace', NS], { allowFail: true });
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

describe('the Helm chart', () => {
  it('lints, alone and for each way a team runs it', async () => {
    expect((await helm(['lint', CHART])).stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    const proxy = await helm(['lint', CHART, '--set', 'auth.mode=proxy', '--set', 'auth.proxy.existingSecret=podscope-proxy']);
    expect(proxy.code).toBe(0);
  });

  it('renders deploy/ with its defaults: the two never drift', async () => {
    // (Helm's own labels and the release's instance label are what the chart adds; the Namespace
    // object is not the chart's: helm install --create-namespace, or yours)
    const strip = (o: unknown): unknown => {
      if (Array.isArray(o)) return o.map(strip);
      if (o && typeof o === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) {
          if (['helm.sh/chart', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/version', 'app.kubernetes.io/instance'].includes(k))
            continue;
          out[k] = strip(v);
        }
        // (a labels map left empty by the above is as good as none)
        if (out.labels && Object.keys(out.labels as object).length === 0) delete out.labels;
        return out;
      }
      return o;
    };
    const key = (o: Obj) => `${o.kind}/${o.metadata.name}`;
    const rendered = new Map(objects((await template()).stdout).map((o) => [key(o), strip(o)]));
    const files = readdirSync(join(REPO_DIR, 'deploy')).filter((f) => f.endsWith('.yaml') && f !== '00-namespace.yaml');
    const committed = files
      .flatMap((f) => objects(readFileSync(join(REPO_DIR, 'deploy', f), 'utf8')))
      .map((o) => [key(o), strip(o)] as const);
    expect(committed.length).toBeGreaterThan(5);
    for (const [k, o] of committed) expect(rendered.get(k), k).toEqual(o);
    expect([...rendered.keys()].sort()).toEqual(committed.map(([k]) => k).sort());
    // and deploy/proxy-mode/ is what proxy mode adds
    const proxy = new Map(
      objects((await template(['auth.mode=proxy', 'auth.proxy.existingSecret=podscope-proxy'])).stdout).map((o) => [key(o), strip(o)]),
    );
    const impersonator = objects(readFileSync(join(REPO_DIR, 'deploy', 'proxy-mode', 'impersonator.yaml'), 'utf8'));
    expect(impersonator).toHaveLength(2);
    for (const o of impersonator) expect(proxy.get(key(o)), key(o)).toEqual(strip(o));
  });

  it('refuses what cannot work, with the reason, before anything is applied', async () => {
    const two = await helm(['template', 'podscope', CHART, '--set', 'replicas=2'], { allowFail: true });
    expect(two.code).not.toBe(0);
    expect(two.stderr).toMatch(/replicas above 1 need database.existingSecret/);
    const proxy = await helm(['template', 'podscope', CHART, '--set', 'auth.mode=proxy'], { allowFail: true });
    expect(proxy.stderr).toMatch(/auth.mode=proxy needs auth.proxy.existingSecret/);
    const local = await helm(['template', 'podscope', CHART, '--set', 'auth.mode=none'], { allowFail: true });
    expect(local.stderr).toMatch(/auth.mode must be token or proxy/);
  });

  it('each way a team runs it passes a server-side dry run', async () => {
    await createNamespace(NS);
    const cases: [string, string[]][] = [
      ['defaults (token, SQLite on a claim)', []],
      [
        'proxy mode, PostgreSQL, 3 replicas, background recording, ingress with TLS, every feature',
        [
          'auth.mode=proxy',
          'auth.proxy.existingSecret=podscope-proxy',
          'database.existingSecret=podscope-db',
          'replicas=3',
          'recorder.mode=background',
          'ingress.enabled=true',
          'ingress.host=podscope.team.example',
          'ingress.tls.enabled=true',
          'features.actions=true',
          'features.exec=true',
          'features.portForward=true',
        ],
      ],
    ];
    for (const [what, sets] of cases) {
      const yaml = (await template(sets, NS)).stdout;
      const dry = await kubectl(['apply', '--dry-run=server', '-f', '-'], { input: yaml, allowFail: true });
      expect(dry.stderr, what).toBe('');
      expect(dry.stdout, what).toContain('deployment.apps/podscope created (server dry run)');
      const objs = objects(yaml);
      const dep = objs.find((o) => o.kind === 'Deployment') as unknown as {
        spec: {
          replicas: number;
          strategy: { type: string };
          template: { spec: { containers: { env: { name: string; value?: string; valueFrom?: unknown }[] }[] } };
        };
      };
      const env = Object.fromEntries(dep.spec.template.spec.containers[0].env.map((e) => [e.name, e.value ?? e.valueFrom]));
      if (sets.length) {
        expect(dep.spec.replicas).toBe(3);
        expect(dep.spec.strategy.type).toBe('RollingUpdate');
        // secrets come from Secrets, never as values in the manifest
        expect(env.PODSCOPE_DATABASE_URL).toEqual({ secretKeyRef: { name: 'podscope-db', key: 'PODSCOPE_DATABASE_URL' } });
        expect(env.PODSCOPE_PROXY_SECRET).toEqual({ secretKeyRef: { name: 'podscope-proxy', key: 'PODSCOPE_PROXY_SECRET' } });
        expect(env).toMatchObject({
          PODSCOPE_AUTH: 'proxy',
          PODSCOPE_RECORDER: 'background',
          PODSCOPE_ALLOWED_HOSTS: 'podscope.team.example',
          PODSCOPE_EXEC: 'on',
        });
        expect(objs.map((o) => o.kind)).toEqual(expect.arrayContaining(['Ingress', 'Role', 'RoleBinding']));
        expect(objs.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
        expect(objs.some((o) => o.metadata.name === 'podscope-impersonator')).toBe(true);
      } else {
        expect(dep.spec.strategy.type).toBe('Recreate');
        expect(env.PODSCOPE_DATABASE_URL).toBeUndefined();
      }
    }
  });

  it('installs on the local cluster, runs, says how to log in, upgrades and uninstalls', async () => {
    // (the local cluster has no volume provisioner: the install uses PostgreSQL's values with a
    // Secret of its own; nothing connects to it under the simulated kubelet. Release "team": its
    // objects are team-podscope…, beside any "podscope" another test made from deploy/.)
    await kubectl(
      [
        '-n',
        NS,
        'create',
        'secret',
        'generic',
        'podscope-db',
        '--from-literal=PODSCOPE_DATABASE_URL=postgres://podscope@db.invalid:5432/podscope',
      ],
      { allowFail: true },
    );
    const install = await helm([
      'install',
      'team',
      CHART,
      '--namespace',
      NS,
      '--set',
      'database.existingSecret=podscope-db',
      '--set',
      'replicas=2',
    ]);
    expect(install.stdout).toMatch(/STATUS: deployed/);
    expect(install.stdout).toMatch(/Log in:\s+with your own Kubernetes bearer token/);
    const rows = await eventually(
      'two podscope pods Running',
      async () => {
        const r = (await podTable(NS)).filter((p) => p.status === 'Running');
        return r.length === 2 ? r : undefined;
      },
      90_000,
      1000,
    );
    expect(rows).toHaveLength(2);
    const up = await helm(['upgrade', 'team', CHART, '--namespace', NS, '--reuse-values', '--set', 'features.actions=true']);
    expect(up.stdout).toMatch(/REVISION: 2/);
    const dep = JSON.parse((await kubectl(['-n', NS, 'get', 'deployment', 'team-podscope', '-o', 'json'])).stdout);
    expect(dep.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'PODSCOPE_ACTIONS', value: 'on' }]));
    const status = await helm(['status', 'team', '--namespace', NS]);
    expect(status.stdout).toMatch(/STATUS: deployed/);
    await helm(['uninstall', 'team', '--namespace', NS]);
    await eventually(
      'the Deployment gone',
      async () => (await kubectl(['-n', NS, 'get', 'deployment', 'team-podscope'], { allowFail: true })).stdout === '' || undefined,
      30_000,
    );
    // cluster-wide objects go with the release
    expect((await kubectl(['get', 'clusterrole', 'team-podscope-viewer'], { allowFail: true })).stdout).toBe('');
  }, 180_000);
});
