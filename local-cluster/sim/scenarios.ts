// The scenarios: one namespace per case, each a small realistic workload whose pods end in a
// known state. The failures come from our simulated kubelet (annotations under SIM_DOMAIN on
// the pod template) or, for Pending, from the real scheduler on its own.
import { kubectl } from '../lib/kubectl.ts';
import type { NodeShape } from '../lib/nodes.ts';
import { registerNodes } from '../lib/cluster.ts';
import { SIM } from './convention.ts';

export interface Scenario {
  name: string;
  namespace: string;
  description: string;
  /** The STATUS column kubectl shows for the scenario's pods once settled (any of these). */
  expect: string;
  /** Label selector for the pods the expectation is about (default: all pods in the namespace). */
  selector?: string;
  /** The scenario's point is that no pod can be created (expect names the ReplicaSet's failure). */
  noPods?: boolean;
  objects: object[];
}

/** The node of the node-not-ready scenario: tainted so that only its own pods go there. */
export const SICK_NODE: NodeShape = {
  name: 'worker-c1-edge',
  zone: 'zone-a',
  cpu: '4',
  memory: '8Gi',
  pods: 110,
  taint: { key: 'dedicated', value: 'edge', effect: 'NoSchedule' },
};

async function kubeletVersionOfCluster(): Promise<string> {
  const r = await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].status.nodeInfo.kubeletVersion}'], { allowFail: true });
  return r.stdout || 'v0.0.0';
}

const meta = (name: string, namespace: string, labels: Record<string, string> = {}) => ({
  name,
  namespace,
  labels: { app: name, ...labels },
});
const resources = (cpu = '100m', memory = '128Mi', limitMemory = '256Mi') => ({
  requests: { cpu, memory },
  limits: { memory: limitMemory },
});
const probe = (path: string, port = 8080) => ({ httpGet: { path, port }, periodSeconds: 10, failureThreshold: 3 });

function deployment(name: string, ns: string, replicas: number, podSpec: object, annotations: Record<string, string> = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, ns),
    spec: {
      replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name }, annotations }, spec: podSpec },
    },
  };
}

function pod(name: string, ns: string, spec: object, annotations: Record<string, string> = {}, extraMeta: object = {}): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta(name, ns), annotations, ...extraMeta }, spec };
}

const container = (name: string, image: string, extra: object = {}) => ({
  name,
  image,
  ports: [{ containerPort: 8080 }],
  resources: resources(),
  ...extra,
});
const fail = (kind: string, more: Record<string, string> = {}) => ({ [SIM.fail]: kind, ...more });

export const SCENARIOS: Scenario[] = [
  {
    name: 'healthy',
    namespace: 'demo-healthy',
    expect: 'Running',
    description: 'a Deployment of 3 ready replicas with probes',
    objects: [
      deployment('web', 'demo-healthy', 3, {
        containers: [
          container('web', 'registry.k8s.io/nginx:1.27.3', { readinessProbe: probe('/ready'), livenessProbe: probe('/healthz') }),
        ],
      }),
    ],
  },
  {
    name: 'job-complete',
    namespace: 'demo-job',
    expect: 'Completed',
    description: 'a Job whose pod runs for a few seconds and succeeds',
    objects: [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta('report', 'demo-job'),
        spec: {
          backoffLimit: 2,
          template: {
            metadata: { annotations: { [SIM.runSeconds]: '3' } },
            spec: { restartPolicy: 'Never', containers: [container('report', 'ghcr.io/podscope-demo/report:2.1.0')] },
          },
        },
      },
    ],
  },
  {
    name: 'init-and-sidecar',
    namespace: 'demo-init',
    expect: 'Running',
    description: 'init containers in order and a sidecar (restartable init container), then ready',
    objects: [
      deployment('api', 'demo-init', 1, {
        initContainers: [
          container('wait-for-db', 'busybox:1.36', { command: ['sh', '-c', 'until nc -z postgres 5432; do sleep 1; done'] }),
          container('migrate', 'ghcr.io/podscope-demo/api:3.2.0', { command: ['/app/migrate'] }),
          container('log-shipper', 'fluent/fluent-bit:3.1', { restartPolicy: 'Always' }),
        ],
        containers: [container('api', 'ghcr.io/podscope-demo/api:3.2.0', { readinessProbe: probe('/ready') })],
      }),
    ],
  },
  {
    name: 'image-not-found',
    namespace: 'demo-image-not-found',
    expect: 'ImagePullBackOff|ErrImagePull',
    description: 'image tag that does not exist in the registry',
    objects: [
      deployment(
        'frontend',
        'demo-image-not-found',
        1,
        { containers: [container('frontend', 'nginx:1.99-does-not-exist')] },
        fail('image-not-found'),
      ),
    ],
  },
  {
    name: 'image-unauthorized',
    namespace: 'demo-image-unauthorized',
    expect: 'ImagePullBackOff|ErrImagePull',
    description: 'private image without imagePullSecrets',
    objects: [
      deployment(
        'billing',
        'demo-image-unauthorized',
        1,
        { containers: [container('billing', 'ghcr.io/acme-private/billing:4.0.1')] },
        fail('image-unauthorized'),
      ),
    ],
  },
  {
    name: 'image-unreachable',
    namespace: 'demo-image-unreachable',
    expect: 'ImagePullBackOff|ErrImagePull',
    description: 'registry host that does not resolve',
    objects: [
      deployment(
        'search',
        'demo-image-unreachable',
        1,
        { containers: [container('search', 'registry.internal.example:5000/search/indexer:7.2')] },
        fail('image-unreachable'),
      ),
    ],
  },
  {
    name: 'crash-error',
    namespace: 'demo-crash-error',
    expect: 'CrashLoopBackOff',
    description: 'app exits 1 after a few seconds (cannot reach its database)',
    objects: [
      deployment(
        'checkout',
        'demo-crash-error',
        1,
        { containers: [container('checkout', 'ghcr.io/podscope-demo/checkout:1.8.0', { livenessProbe: probe('/healthz') })] },
        fail('crash', { [SIM.exitCode]: '1', [SIM.runSeconds]: '4' }),
      ),
    ],
  },
  {
    name: 'crash-oom',
    namespace: 'demo-crash-oom',
    expect: 'CrashLoopBackOff',
    description: 'container killed for exceeding its memory limit (OOMKilled, 137)',
    objects: [
      deployment(
        'catalog',
        'demo-crash-oom',
        1,
        {
          containers: [
            container('catalog', 'ghcr.io/podscope-demo/catalog:5.0.2', {
              resources: { requests: { cpu: '100m' }, limits: { memory: '512Mi' } },
            }),
          ],
        },
        fail('oom', { [SIM.runSeconds]: '6' }),
      ),
    ],
  },
  // usage scenarios: what they use is in usage.ts (kwok's emulated /metrics/resource)
  {
    name: 'memory-leak',
    namespace: 'demo-memory-leak',
    expect: 'Running|OOMKilled|CrashLoopBackOff',
    description: 'memory climbs from 40 % to 98 % of its 256Mi limit over about two minutes, then the container is OOM-killed',
    objects: [
      deployment(
        'sessions',
        'demo-memory-leak',
        1,
        { containers: [container('sessions', 'ghcr.io/podscope-demo/sessions:1.4.0', { resources: resources('100m', '128Mi', '256Mi') })] },
        fail('oom', { [SIM.runSeconds]: '130', [SIM.runClock]: 'on' }),
      ),
    ],
  },
  {
    name: 'cpu-throttled',
    namespace: 'demo-cpu-throttled',
    expect: 'Running',
    description: 'uses all of its 500m CPU limit (throttled)',
    objects: [
      deployment('thumbnails', 'demo-cpu-throttled', 1, {
        containers: [
          container('thumbnails', 'ghcr.io/podscope-demo/thumbnails:2.0.1', {
            resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
          }),
        ],
      }),
    ],
  },
  {
    name: 'over-provisioned',
    namespace: 'demo-over-provisioned',
    expect: 'Running',
    description: 'requests 1 CPU and 1Gi and uses about a tenth of each',
    objects: [
      deployment('reports', 'demo-over-provisioned', 2, {
        containers: [
          container('reports', 'ghcr.io/podscope-demo/reports:3.3.0', {
            resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } },
          }),
        ],
      }),
    ],
  },
  {
    name: 'crash-completed',
    namespace: 'demo-crash-completed',
    expect: 'CrashLoopBackOff',
    description: 'a one-shot process that exits 0 under restartPolicy Always',
    objects: [
      deployment(
        'migrator',
        'demo-crash-completed',
        1,
        { containers: [container('migrator', 'ghcr.io/podscope-demo/migrator:1.0.0')] },
        fail('crash', { [SIM.exitCode]: '0', [SIM.runSeconds]: '3' }),
      ),
    ],
  },
  {
    name: 'crash-start-error',
    namespace: 'demo-crash-start',
    expect: 'CrashLoopBackOff|StartError|RunContainerError',
    description: 'entrypoint binary not found in the image (StartError, 128)',
    objects: [
      deployment(
        'worker',
        'demo-crash-start',
        1,
        { containers: [container('worker', 'ghcr.io/podscope-demo/worker:2.3.1', { command: ['/usr/local/bin/worker-v2'] })] },
        fail('start-failure'),
      ),
    ],
  },
  {
    name: 'liveness-kill',
    namespace: 'demo-liveness',
    expect: 'CrashLoopBackOff|Running',
    description: 'liveness probe fails, kubelet kills the container (137, reason Error)',
    objects: [
      deployment(
        'gateway',
        'demo-liveness',
        1,
        { containers: [container('gateway', 'ghcr.io/podscope-demo/gateway:0.9.4', { livenessProbe: probe('/healthz') })] },
        fail('liveness', { [SIM.runSeconds]: '6' }),
      ),
    ],
  },
  {
    name: 'readiness-fail',
    namespace: 'demo-readiness',
    expect: 'Running',
    description: 'Running but never Ready: readiness probe returns 503',
    objects: [
      deployment(
        'orders',
        'demo-readiness',
        1,
        { containers: [container('orders', 'ghcr.io/podscope-demo/orders:3.3.0', { readinessProbe: probe('/ready') })] },
        fail('readiness'),
      ),
    ],
  },
  {
    name: 'config-missing-secret',
    namespace: 'demo-config-secret',
    expect: 'CreateContainerConfigError',
    description: 'env from a Secret that does not exist',
    objects: [
      deployment(
        'payments',
        'demo-config-secret',
        1,
        {
          containers: [
            container('payments', 'ghcr.io/podscope-demo/payments:2.0.0', {
              env: [{ name: 'STRIPE_KEY', valueFrom: { secretKeyRef: { name: 'stripe-api', key: 'key' } } }],
            }),
          ],
        },
        fail('config-error'),
      ),
    ],
  },
  {
    name: 'config-missing-key',
    namespace: 'demo-config-key',
    expect: 'CreateContainerConfigError',
    description: 'env from a Secret key that does not exist (the Secret has other keys)',
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db-credentials', namespace: 'demo-config-key' },
        type: 'Opaque',
        stringData: { username: 'inventory', 'db-host': 'postgres.demo-config-key.svc' },
        data: { 'api-token': Buffer.from('podscope-scenario-secret-7f3a9c1e').toString('base64') },
      },
      deployment(
        'inventory',
        'demo-config-key',
        1,
        {
          containers: [
            container('inventory', 'ghcr.io/podscope-demo/inventory:1.1.0', {
              env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }],
            }),
          ],
        },
        fail('config-error', { [SIM.missing]: 'key' }),
      ),
    ],
  },
  {
    name: 'init-crash',
    namespace: 'demo-init-crash',
    expect: 'Init:CrashLoopBackOff|Init:Error',
    description: 'an init container (schema migration) that keeps failing',
    objects: [
      deployment(
        'ledger',
        'demo-init-crash',
        1,
        {
          initContainers: [container('migrate', 'ghcr.io/podscope-demo/ledger:4.2.0', { command: ['/app/migrate', 'up'] })],
          containers: [container('ledger', 'ghcr.io/podscope-demo/ledger:4.2.0')],
        },
        fail('crash', { [SIM.container]: 'migrate', [SIM.exitCode]: '1', [SIM.runSeconds]: '3' }),
      ),
    ],
  },
  {
    name: 'stuck-terminating',
    namespace: 'demo-terminating',
    expect: 'Terminating',
    description: 'a deleted pod held by a finalizer nobody removes',
    objects: [
      pod(
        'legacy-agent',
        'demo-terminating',
        { terminationGracePeriodSeconds: 30, containers: [container('agent', 'ghcr.io/podscope-demo/agent:0.4.0')] },
        {},
        { finalizers: ['example.com/cleanup-agent'] },
      ),
    ],
  },
  {
    name: 'pending-cpu',
    namespace: 'demo-pending-cpu',
    expect: 'Pending',
    description: 'requests more CPU than any node has',
    objects: [
      deployment('trainer', 'demo-pending-cpu', 1, {
        containers: [
          container('trainer', 'ghcr.io/podscope-demo/trainer:1.0.0', { resources: { requests: { cpu: '64', memory: '1Gi' } } }),
        ],
      }),
    ],
  },
  {
    name: 'pending-memory',
    namespace: 'demo-pending-memory',
    expect: 'Pending',
    description: 'requests more memory than any node has',
    objects: [
      deployment('cache', 'demo-pending-memory', 1, {
        containers: [container('cache', 'redis:7.4', { resources: { requests: { cpu: '500m', memory: '512Gi' } } })],
      }),
    ],
  },
  {
    name: 'pending-taint',
    namespace: 'demo-pending-taint',
    expect: 'Pending',
    description: 'selects the GPU node but does not tolerate its taint',
    objects: [
      deployment('inference', 'demo-pending-taint', 1, {
        nodeSelector: { dedicated: 'gpu' },
        containers: [container('inference', 'ghcr.io/podscope-demo/inference:0.3.0')],
      }),
    ],
  },
  {
    name: 'pending-selector',
    namespace: 'demo-pending-selector',
    expect: 'Pending',
    description: 'a nodeSelector that matches no node',
    objects: [
      deployment('reporting', 'demo-pending-selector', 1, {
        nodeSelector: { 'topology.kubernetes.io/zone': 'zone-c' },
        containers: [container('reporting', 'ghcr.io/podscope-demo/reporting:2.2.0')],
      }),
    ],
  },
  {
    name: 'pending-pvc',
    namespace: 'demo-pending-pvc',
    expect: 'Pending',
    description: 'a PersistentVolumeClaim that never binds (no such StorageClass)',
    objects: [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', namespace: 'demo-pending-pvc' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '10Gi' } } },
      },
      deployment('postgres', 'demo-pending-pvc', 1, {
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        containers: [container('postgres', 'postgres:17', { volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] })],
      }),
    ],
  },
  {
    name: 'scheduling-gated',
    namespace: 'demo-gated',
    expect: 'SchedulingGated',
    description: 'a pod held by a scheduling gate (e.g. a queue controller)',
    objects: [
      pod('batch-runner', 'demo-gated', {
        schedulingGates: [{ name: 'example.com/queue-admission' }],
        containers: [container('runner', 'ghcr.io/podscope-demo/runner:1.0.0')],
      }),
    ],
  },
  {
    name: 'quota-blocked',
    namespace: 'demo-quota',
    expect: 'FailedCreate',
    noPods: true,
    description: 'a ResourceQuota leaves no room for pods: the ReplicaSet cannot create any',
    objects: [
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pod-limit', namespace: 'demo-quota' }, spec: { hard: { pods: '0' } } },
      deployment('reports', 'demo-quota', 2, { containers: [container('reports', 'ghcr.io/podscope-demo/reports:1.2.0')] }),
    ],
  },
  {
    name: 'evicted',
    namespace: 'demo-evicted',
    expect: 'Error|Evicted',
    description: 'a batch pod the kubelet evicted under node memory pressure (it used 612Mi against a 64Mi request)',
    objects: [
      pod(
        'nightly-export',
        'demo-evicted',
        {
          restartPolicy: 'Never',
          containers: [container('export', 'ghcr.io/podscope-demo/export:1.3.0', { resources: resources('100m', '64Mi', '1Gi') })],
        },
        fail('evict', { [SIM.runSeconds]: '8', [SIM.usage]: '612Mi' }),
      ),
    ],
  },
  {
    name: 'node-not-ready',
    namespace: 'demo-node-not-ready',
    expect: 'Running',
    description:
      'an agent on a node whose kubelet goes NotReady 20 s in (its CNI plugin is not ready): the pod still says Running and ready, but its node is not',
    // the node itself is created by applyScenarios (nodes are cluster-scoped, created once)
    objects: [
      pod('edge-agent', 'demo-node-not-ready', {
        nodeName: SICK_NODE.name,
        hostNetwork: true,
        // tolerates the node controller's not-ready taint for good, as node agents do
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
          { key: 'dedicated', operator: 'Equal', value: 'edge', effect: 'NoSchedule' },
        ],
        containers: [container('agent', 'ghcr.io/podscope-demo/edge-agent:0.9.1')],
      }),
    ],
  },
  {
    name: 'job-backoff',
    namespace: 'demo-job-backoff',
    expect: 'Error',
    description: 'a Job whose pods exit 2 until the job controller gives up (backoffLimit 1)',
    objects: [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta('import-orders', 'demo-job-backoff'),
        spec: {
          backoffLimit: 1,
          template: {
            metadata: { annotations: fail('crash', { [SIM.exitCode]: '2', [SIM.runSeconds]: '2' }) },
            spec: { restartPolicy: 'Never', containers: [container('import', 'ghcr.io/podscope-demo/importer:5.0.2')] },
          },
        },
      },
    ],
  },
  {
    name: 'finalizer-exited',
    namespace: 'demo-finalizer-exited',
    expect: 'Error',
    description: 'a pod that exited with an error and was deleted, held by a finalizer: it prints Error, not Terminating',
    objects: [
      pod(
        'archive-run',
        'demo-finalizer-exited',
        { restartPolicy: 'Never', containers: [container('archive', 'ghcr.io/podscope-demo/archiver:2.2.0')] },
        fail('crash', { [SIM.exitCode]: '1', [SIM.runSeconds]: '2' }),
        { finalizers: ['example.com/archive-logs'] },
      ),
    ],
  },
  {
    name: 'rollout-regression',
    namespace: 'demo-rollout',
    expect: 'CrashLoopBackOff',
    selector: 'app=storefront,version=v2',
    description: 'a Deployment rolled from a good image to one that crashes; the old ReplicaSet stays healthy',
    objects: [], // applied in two steps by applyScenarios
  },
];

const STOREFRONT = (version: 'v1' | 'v2') => {
  const d = deployment(
    'storefront',
    'demo-rollout',
    3,
    {
      containers: [
        container('storefront', `ghcr.io/podscope-demo/storefront:${version === 'v1' ? '2.4.0' : '2.5.0'}`, {
          env: [{ name: 'FEATURE_FLAGS', value: version === 'v1' ? 'checkout-v1' : 'checkout-v2,new-pricing' }],
          readinessProbe: probe('/ready'),
        }),
      ],
    },
    version === 'v2' ? fail('crash', { [SIM.exitCode]: '2', [SIM.runSeconds]: '3' }) : {},
  ) as { spec: Record<string, unknown> & { template: { metadata: { labels: Record<string, string> } } } };
  d.spec.template.metadata.labels.version = version;
  d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
  // A pod must stay ready this long to count as available, so a version that crashes after a few
  // seconds never replaces the old ReplicaSet's pods: the rollout stalls, as it would for real.
  d.spec.minReadySeconds = 15;
  return d;
};

function namespaceOf(ns: string): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'podscope.dev/demo': 'true' } } };
}

async function apply(objects: object[]): Promise<void> {
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function applyScenarios(names: string[]): Promise<void> {
  const chosen = names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; see 'scenarios list'`);
  await apply(chosen.map((s) => namespaceOf(s.namespace)));
  if (chosen.some((s) => s.name === 'node-not-ready'))
    await registerNodes([SICK_NODE], await kubeletVersionOfCluster(), { [SIM.nodeFail]: 'network' });
  await apply(chosen.flatMap((s) => s.objects));
  if (chosen.some((s) => s.name === 'rollout-regression')) await applyRollout();
  if (chosen.some((s) => s.name === 'finalizer-exited')) {
    await waitFor(
      'archive-run to fail',
      async () =>
        (await kubectl(['-n', 'demo-finalizer-exited', 'get', 'pod', 'archive-run', '-o', 'jsonpath={.status.phase}'], { allowFail: true }))
          .stdout === 'Failed',
      60_000,
    );
    await kubectl(['-n', 'demo-finalizer-exited', 'delete', 'pod', 'archive-run', '--wait=false']);
  }
  if (chosen.some((s) => s.name === 'stuck-terminating')) {
    await waitFor(
      'legacy-agent to run',
      async () =>
        (await kubectl(['-n', 'demo-terminating', 'get', 'pod', 'legacy-agent', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running',
      60_000,
    );
    await kubectl(['-n', 'demo-terminating', 'delete', 'pod', 'legacy-agent', '--wait=false']);
  }
  console.log(`local-cluster: applied ${chosen.length} scenario(s): ${chosen.map((s) => s.name).join(', ')}`);
}

/**
 * A private copy of a scenario in another namespace (for a test that needs its pods fresh: a
 * crash loop that has not yet backed off to 5 minutes, say). Returns once the objects exist.
 */
export async function applyScenarioCopy(name: string, namespace: string): Promise<void> {
  const sc = SCENARIOS.find((s) => s.name === name);
  if (!sc || sc.objects.length === 0) throw new Error(`scenario ${name} cannot be copied`);
  const copy = JSON.parse(JSON.stringify(sc.objects).replaceAll(`"namespace":"${sc.namespace}"`, `"namespace":"${namespace}"`)) as object[];
  await apply([namespaceOf(namespace)]);
  await waitFor(
    `serviceaccount default in ${namespace}`,
    async () => (await kubectl(['-n', namespace, 'get', 'serviceaccount', 'default'], { allowFail: true })).code === 0,
    30_000,
  );
  await apply(copy);
}

/** v1 first; once all three v1 pods are ready, roll to v2 (which crashes). */
async function applyRollout(): Promise<void> {
  const current = await kubectl(
    ['-n', 'demo-rollout', 'get', 'deployment', 'storefront', '-o', 'jsonpath={.spec.template.metadata.labels.version}'],
    { allowFail: true },
  );
  if (current.code === 0 && current.stdout === 'v2') return;
  await apply([STOREFRONT('v1')]);
  await waitFor(
    'storefront v1 to be available',
    async () => {
      const r = await kubectl(['-n', 'demo-rollout', 'get', 'deployment', 'storefront', '-o', 'jsonpath={.status.availableReplicas}'], {
        allowFail: true,
      });
      return r.stdout === '3';
    },
    90_000,
  );
  await apply([STOREFRONT('v2')]);
}
