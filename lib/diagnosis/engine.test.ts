// Every rule over fixtures. The scenario fixtures are real API objects captured from the local
// cluster (local-cluster/capture-fixtures.ts: the simulation's own annotations removed), so the
// kubelet and scheduler message formats are the real ones. The hand-written fixtures below cover
// cases the local cluster cannot produce (eviction, a lost node, registry rate limits, ...).
import { readdirSync } from 'node:fs';
import type { CoreV1Event, V1Node, V1Pod } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeEvent } from '../events/normalize';
import { diagnose, primary } from './engine';
import type { DiagnosisInput, Finding } from './types';
import { EXPECTED_PRIMARY } from '../../test/support/expected-diagnosis';
import { FIXTURES, fixtureInput, readFixture } from '../../test/support/diagnosis-fixtures';

const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json') && f !== 'nodes.json')
  .map((f) => f.replace(/\.json$/, ''));
// each fixture read the way the offline CLI reads kubectl's files (objectSet → gatherInput)
const LOADED = new Map<string, DiagnosisInput & { f: Finding[] }>();
beforeAll(async () => {
  for (const name of files) {
    const input = await fixtureInput(readFixture(name));
    LOADED.set(name, { ...input, f: diagnose(input) });
  }
});
const load = (name: string) => LOADED.get(name)!;

const EXPECTED = EXPECTED_PRIMARY;

describe('scenario fixtures (real API objects)', () => {
  it('covers every scenario', () => expect(files.sort()).toEqual(Object.keys(EXPECTED).sort()));
  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name} → ${want ?? 'no finding'}`, () => {
      const { f } = load(name);
      if (want === null) expect(f).toEqual([]);
      else expect(primary(f)?.id).toBe(want);
      for (const x of f) {
        expect(x.title.length).toBeGreaterThan(10);
        expect(x.evidence.length).toBeGreaterThan(0);
      }
    });
  }

  it('OOM: names the limit; liveness kill: the probe, not OOM — though both exit 137', () => {
    const oom = primary(load('crash-oom').f)!;
    expect(oom.title).toContain('512Mi');
    expect(oom.evidence.some((e) => e.text.includes('exit code 137'))).toBe(true);
    const live = primary(load('liveness-kill').f)!;
    expect(live.title).toContain('liveness probe');
    expect(live.evidence.some((e) => e.source.includes('Killing'))).toBe(true);
    expect(live.evidence.some((e) => e.text.includes('exit code 137'))).toBe(true);
  });
  it('crash loops give the back-off stage and how long each run lasted', () => {
    const c = primary(load('crash-error').f)!;
    expect(c.explanation).toMatch(/waits \d+(s|m) before the next restart/);
    expect(c.evidence.some((e) => /ran \d+s/.test(e.text))).toBe(true);
    expect(c.container).toBe('checkout');
  });
  it('init container failures name the init container', () => {
    expect(primary(load('init-crash').f)!.title).toContain('init container "migrate"');
  });
  it('image pulls: the registry and the fix', () => {
    const u = primary(load('image-unauthorized').f)!;
    expect(u.causes[0]).toContain('no imagePullSecrets');
    expect(u.remedies.some((r) => r.command?.includes('docker-registry') && r.command.includes('ghcr.io'))).toBe(true);
    expect(primary(load('image-unreachable').f)!.causes[0]).toContain('registry.internal.example:5000');
  });
  it('config errors name the missing Secret or key', () => {
    expect(primary(load('config-missing-secret').f)!.title).toContain('Secret "stripe-api" does not exist');
    expect(primary(load('config-missing-key').f)!.title).toContain('key "password" is missing from Secret "db-credentials"');
  });
  it('Pending: requests against the largest node, missing tolerations, unmatched selector, unbound PVC', () => {
    expect(primary(load('pending-cpu').f)!.causes.join(' ')).toMatch(/requests 64 CPU, more than the largest node's allocatable 16/);
    expect(primary(load('pending-memory').f)!.causes.join(' ')).toMatch(
      /requests 512Gi memory, more than the largest node's allocatable 64\.0Gi|requests 512Gi memory/,
    );
    expect(primary(load('pending-taint').f)!.causes.join(' ')).toContain('dedicated=gpu:NoSchedule');
    expect(primary(load('pending-selector').f)!.causes.join(' ')).toContain('topology.kubernetes.io/zone=zone-c');
    expect(primary(load('pending-pvc').f)!.causes.join(' ')).toMatch(/"data" is Pending \(storageClassName "fast-ssd"/);
    expect(primary(load('pending-cpu').f)!.explanation).toMatch(/0 of 4 nodes fit/);
  });
  it('stuck Terminating names the finalizer', () => {
    expect(primary(load('stuck-terminating').f)!.title).toContain('example.com/cleanup-agent');
  });
  it('rollout regression shows what changed between the revisions', () => {
    const r = primary(load('rollout-regression').f)!;
    const changes = r.evidence.filter((e) => e.source === 'pod template change').map((e) => e.text);
    expect(changes).toContain(
      'container storefront image: ghcr.io/podscope-demo/storefront:2.4.0 → ghcr.io/podscope-demo/storefront:2.5.0',
    );
    expect(changes.some((c) => c.startsWith('container storefront env FEATURE_FLAGS'))).toBe(true);
    expect(r.remedies[0].command).toMatch(/rollout undo deployment\/storefront --to-revision=1/);
    expect(r.consequences).toContain('crash.app-error:storefront');
  });
  it('spec review appears only next to a failure, linked to it', () => {
    const f = load('crash-oom').f;
    expect(f.filter((x) => x.category === 'spec').length).toBeGreaterThan(0);
    expect(load('healthy').f.filter((x) => x.category === 'spec')).toEqual([]);
  });
});

// ---- cases the local cluster cannot produce (mocked objects, shaped like the real ones)
const NOW = Date.parse('2026-11-20T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
function pod(status: object, spec: object = {}, meta: object = {}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'n', uid: 'u', creationTimestamp: ago(3600), ...meta },
    spec: {
      nodeName: 'node-1',
      restartPolicy: 'Always',
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          resources: { requests: { memory: '64Mi' }, limits: { memory: '128Mi' } },
          readinessProbe: { httpGet: { path: '/', port: 80 } },
        },
      ],
      ...spec,
    },
    status,
  } as unknown as V1Pod;
}
const run = (p: V1Pod, events: object[] = [], extra: Partial<DiagnosisInput> = {}) =>
  diagnose({ pod: p, events: (events as CoreV1Event[]).map(normalizeEvent), now: NOW, ...extra });
const waiting = (reason: string, message: string) => ({
  phase: 'Pending',
  containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason, message } } }],
});

describe('hand-written cases', () => {
  it('registry rate limit', () => {
    expect(
      primary(
        run(
          pod(
            waiting(
              'ErrImagePull',
              'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.27": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:abc: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.',
            ),
          ),
        ),
      )?.id,
    ).toBe('image.rate-limited');
  });
  it('invalid image name and never-pull', () => {
    expect(
      primary(
        run(
          pod(
            waiting(
              'InvalidImageName',
              'Failed to apply default image tag "Nginx:": couldn\'t parse image name "Nginx:": invalid reference format',
            ),
          ),
        ),
      )?.id,
    ).toBe('image.invalid-name');
    expect(primary(run(pod(waiting('ErrImageNeverPull', 'Container image "app:dev" is not present with pull policy of Never'))))?.id).toBe(
      'image.never-pull',
    );
  });
  it('evicted under memory pressure', () => {
    const f = run(
      pod({
        phase: 'Failed',
        reason: 'Evicted',
        message:
          'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. Container app was using 900Mi, request is 64Mi, has larger consumption of memory.',
      }),
    );
    expect(primary(f)?.id).toBe('node.evicted');
    expect(primary(f)?.title).toContain('memory');
  });
  it('node lost', () => {
    const node = {
      metadata: { name: 'node-1' },
      status: {
        conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }],
      },
    } as V1Node;
    expect(primary(run(pod({ phase: 'Running' }), [], { node }))?.id).toBe('node.lost');
  });
  it('a SIGKILL with no OOM reason and no probe events is not called an OOM kill', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          image: 'x',
          imageID: '',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=app pod=p_n(u)' } },
          lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: ago(90), finishedAt: ago(30) } },
        },
      ],
    });
    expect(primary(run(p))?.id).toBe('crash.sigkill');
  });
  it('a volume that cannot be mounted', () => {
    const p = pod(waiting('ContainerCreating', ''));
    const f = run(p, [
      {
        metadata: { uid: 'e' },
        involvedObject: { kind: 'Pod', name: 'p' },
        reason: 'FailedMount',
        type: 'Warning',
        message: 'MountVolume.SetUp failed for volume "certs" : secret "tls-certs" not found',
        count: 4,
        lastTimestamp: ago(10),
      },
    ]);
    expect(primary(f)?.id).toBe('volume.mount-failed');
    expect(primary(f)?.title).toContain('"certs"');
  });
  it('Job backoff limit reached', () => {
    const p = pod(
      {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'app',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(60), finishedAt: ago(50) } },
          },
        ],
      },
      { restartPolicy: 'Never' },
      { ownerReferences: [{ kind: 'Job', name: 'j', controller: true, apiVersion: 'batch/v1', uid: 'j' }] },
    );
    const job = {
      metadata: { name: 'j' },
      spec: { backoffLimit: 2 },
      status: {
        failed: 3,
        conditions: [
          { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
        ],
      },
    };
    const ids = run(p, [], { owners: { job } as DiagnosisInput['owners'] }).map((x) => x.id);
    expect(ids).toContain('job.backoff-limit');
    expect(ids).toContain('crash.app-error');
  });
  it('only the failing sidecar is reported in a multi-container pod', () => {
    const p = pod(
      {
        phase: 'Running',
        initContainerStatuses: [
          {
            name: 'proxy',
            image: 'x',
            imageID: '',
            ready: false,
            started: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=proxy pod=p_n(u)' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(100), finishedAt: ago(95) } },
          },
        ],
        containerStatuses: [
          { name: 'app', image: 'x', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: ago(3000) } } },
        ],
      },
      { initContainers: [{ name: 'proxy', image: 'envoy:1.31', restartPolicy: 'Always' }] },
    );
    const f = run(p).filter((x) => x.category !== 'spec');
    expect(f.map((x) => `${x.id}:${x.container}`)).toEqual(['crash.app-error:proxy']);
    expect(f[0].title).toContain('sidecar container "proxy"');
  });
  it('a healthy pod that restarted long ago, and a pod still starting, get no finding', () => {
    const healthy = pod({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          image: 'x',
          imageID: '',
          ready: true,
          restartCount: 2,
          state: { running: { startedAt: ago(3000) } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(3100), finishedAt: ago(3001) } },
        },
      ],
    });
    expect(run(healthy)).toEqual([]);
    const starting = pod({
      phase: 'Pending',
      containerStatuses: [
        { name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
      ],
    });
    expect(run(starting)).toEqual([]);
  });
});

describe('pods that were never created', () => {
  it('a ReplicaSet blocked by a ResourceQuota', async () => {
    const { diagnoseReplicaSet } = await import('./rules/controller');
    // condition and event text as kube-controller-manager v1.36 writes them
    const rs = {
      metadata: { name: 'reports-5d8f', namespace: 'demo-quota' },
      spec: { replicas: 2 },
      status: {
        replicas: 0,
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: 'pods "reports-5d8f-x7k2p" is forbidden: exceeded quota: pod-limit, requested: pods=1, used: pods=0, limited: pods=0',
          },
        ],
      },
    };
    const f = diagnoseReplicaSet(rs as never, [])!;
    expect(f.id).toBe('controller.quota-exceeded');
    expect(f.title).toContain('pod-limit');
    expect(f.remedies[0].command).toBe('kubectl -n demo-quota describe resourcequota');
  });
  it('PodSecurity and webhook rejections', async () => {
    const { diagnoseReplicaSet } = await import('./rules/controller');
    const mk = (message: string) =>
      ({
        metadata: { name: 'r', namespace: 'n' },
        spec: { replicas: 1 },
        status: { conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message }] },
      }) as never;
    expect(
      diagnoseReplicaSet(mk('pods "r-1" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false'), [])!
        .id,
    ).toBe('controller.pod-security');
    expect(diagnoseReplicaSet(mk('admission webhook "policy.example.com" denied the request: image registry not allowed'), [])!.id).toBe(
      'controller.webhook-denied',
    );
    expect(diagnoseReplicaSet({ metadata: { name: 'ok' }, status: { conditions: [] } } as never, [])).toBeUndefined();
  });
});

describe('no false alarms (review findings)', () => {
  it('a healthy pod of the newest revision during a rolling update is no regression', () => {
    const fx = load('rollout-regression');
    const healthyNew = {
      ...fx.pod,
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: 'storefront',
            image: 'x',
            imageID: '',
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: new Date(fx.now - 60_000).toISOString() } },
          },
        ],
      },
    } as unknown as V1Pod;
    expect(diagnose({ ...fx, pod: healthyNew, events: [] })).toEqual([]);
  });
  it('containers stopped by a deletion are not crashes', () => {
    const p = pod(
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 143, reason: 'Error', startedAt: ago(600), finishedAt: ago(5) } },
          },
        ],
      },
      {},
      { deletionTimestamp: ago(10), deletionGracePeriodSeconds: 30 },
    );
    expect(run(p).filter((f) => f.category === 'crash')).toEqual([]);
  });
  it("a deleted pod (the recorder's copy as deletion began) is diagnosed as it was before deletion", () => {
    const crashing = {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          image: 'x',
          imageID: '',
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=app' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(90), finishedAt: ago(85) } },
        },
      ],
    };
    const p = pod(crashing, {}, { deletionTimestamp: ago(10), deletionGracePeriodSeconds: 30 });
    expect(run(p).filter((f) => f.category === 'crash')).toEqual([]); // live: it is being deleted
    expect(primary(run(p, [], { deletedAt: NOW - 5000 }))?.id).toMatch(/^crash\./);
  });
  it('exit 0 under restartPolicy OnFailure is success, not a crash', () => {
    const p = pod(
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 1,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: ago(60), finishedAt: ago(5) } },
          },
          { name: 'side', image: 'x', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: ago(600) } } },
        ],
      },
      {
        restartPolicy: 'OnFailure',
        containers: [
          { name: 'app', image: 'x:1' },
          { name: 'side', image: 'x:1' },
        ],
      },
    );
    expect(run(p).filter((f) => f.category === 'crash')).toEqual([]);
  });
  it('one readiness failure while starting is normal; the failure threshold is not', () => {
    const started = pod({
      phase: 'Running',
      containerStatuses: [
        { name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { running: { startedAt: ago(8) } } },
      ],
    });
    const ev = (count: number) => [
      {
        metadata: { uid: `e${count}` },
        involvedObject: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{app}' },
        reason: 'Unhealthy',
        type: 'Warning',
        message: 'Readiness probe failed: Get "http://10.0.0.5:80/": dial tcp 10.0.0.5:80: connect: connection refused',
        count,
        firstTimestamp: ago(7),
        lastTimestamp: ago(2),
      },
    ];
    expect(run(started, ev(1))).toEqual([]);
    expect(primary(run(started, ev(3)))?.id).toBe('probe.readiness-failing');
  });
});
