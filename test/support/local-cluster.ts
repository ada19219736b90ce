// Test access to the local cluster that test/integration/global-setup.ts brought up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from '../../local-cluster/lib/http.ts';
import { kubectl } from '../../local-cluster/lib/kubectl.ts';
import { paths } from '../../local-cluster/lib/paths.ts';
import type { ClusterState } from '../../local-cluster/lib/components.ts';
import type { Pki } from '../../local-cluster/lib/certs.ts';

export { kubectl };

export function clusterState(): ClusterState {
  return JSON.parse(readFileSync(paths.clusterJson, 'utf8')) as ClusterState;
}

export function pki(): Pki {
  const d = paths.pki;
  const f = (n: string) => join(d, n);
  return {
    caCert: f('ca.crt'),
    caKey: f('ca.key'),
    servingCert: f('serving.crt'),
    servingKey: f('serving.key'),
    adminCert: f('admin.crt'),
    adminKey: f('admin.key'),
    saKey: f('sa.key'),
    saPub: f('sa.pub'),
  };
}

/** GET against the apiserver as the admin user. */
export async function apiGet<T = unknown>(path: string, accept = 'application/json'): Promise<T> {
  const r = await request(`${clusterState().server}${path}`, { pki: pki(), headers: { Accept: accept } });
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body) as T;
}

export interface TableRow {
  name: string;
  namespace: string;
  ready: string;
  status: string;
  restarts: string;
}

/** What `kubectl get pods` prints: the apiserver's Table rendering of pods. */
export async function podTable(namespace?: string, selector?: string): Promise<TableRow[]> {
  const q = selector ? `?labelSelector=${encodeURIComponent(selector)}` : '';
  const base = namespace ? `/api/v1/namespaces/${namespace}/pods` : '/api/v1/pods';
  const t = await apiGet<{
    columnDefinitions: { name: string }[];
    rows: { cells: string[]; object: { metadata: { name: string; namespace: string } } }[];
  }>(base + q, 'application/json;as=Table;g=meta.k8s.io;v=v1');
  const col = (n: string) => t.columnDefinitions.findIndex((c) => c.name === n);
  return t.rows.map((r) => ({
    name: r.cells[col('Name')],
    namespace: r.object.metadata.namespace,
    ready: r.cells[col('Ready')],
    status: r.cells[col('Status')],
    restarts: String(r.cells[col('Restarts')]),
  }));
}

export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * Creates a namespace and waits for its default ServiceAccount (pods are refused until it exists).
 * Right after an API server restart the controller-manager can take a minute to create it; after
 * 10 s the test creates it itself (what the controller would have written).
 */
export async function createNamespace(ns: string): Promise<void> {
  await kubectl(['create', 'namespace', ns]);
  const hasDefault = async () => (await kubectl(['-n', ns, 'get', 'serviceaccount', 'default'], { allowFail: true })).code === 0;
  try {
    await eventually(`serviceaccount default in ${ns}`, hasDefault, 10_000, 200);
  } catch {
    await kubectl(['-n', ns, 'create', 'serviceaccount', 'default'], { allowFail: true });
    await eventually(`serviceaccount default in ${ns}`, hasDefault, 30_000, 200);
  }
}

/** A pod that only sleeps (the pause image), as JSON for `kubectl apply -f -`. */
export const pausePod = (namespace: string, name: string): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
  });

/**
 * Waits until the control plane schedules and runs a new pod again. After an API server restart
 * the scheduler and controller-manager reconnect with their own back-off (their first new pod
 * can stay Pending for tens of seconds), so a suite that follows tests which restart the API
 * server starts from here instead of flaking on its first pod.
 */
export async function controlPlaneSettled(timeoutMs = 120_000): Promise<void> {
  const ns = `settle-${Date.now().toString(36)}`;
  await createNamespace(ns);
  try {
    await kubectl(['apply', '-f', '-'], { input: pausePod(ns, 'probe') });
    await eventually(
      'a new pod Running (the scheduler and the simulated kubelet back)',
      async () => (await podTable(ns)).some((r) => r.name === 'probe' && r.status === 'Running') || undefined,
      timeoutMs,
      250,
    );
  } finally {
    await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
  }
}

/**
 * A pod of the test's own, made to fail by the simulation (annotations under SIM_DOMAIN, see
 * local-cluster/sim/convention.ts): one container, created with kubectl apply.
 */
export async function applySimPod(
  namespace: string,
  name: string,
  annotations: Record<string, string>,
  container: { name?: string; image?: string; resources?: object } = {},
): Promise<void> {
  await kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, annotations },
      spec: { containers: [{ name: 'app', image: 'ghcr.io/podscope-demo/app:1.0.0', ...container }] },
    }),
  });
}

/**
 * A ServiceAccount in `namespace` that may only read pods there (get, list, watch), and a token
 * for it: the identity the tests use for "a viewer without the right to do this".
 */
export async function podReader(namespace: string, name = 'viewer'): Promise<string> {
  const items = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  ];
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
  return (await kubectl(['-n', namespace, 'create', 'token', name])).stdout.trim();
}
