// What the kubelet records about containers (pkg/kubelet/kuberuntime: doBackOff, killContainer,
// the postStart hook; containerd's terminated reasons in internal/cri/server/helpers.go; image
// pulls in pkg/kubelet/images/image_manager.go with containerd's wrappers; config errors from
// kubelet_pods.go makeEnvironmentVariables; the sandbox from kuberuntime_manager.go), in init,
// sidecar and regular containers, a second fault beside the first, volumes the kubelet cannot
// mount, and a rollout that broke its new pods. Formats: docs/kubernetes-failure-records.md §12–§15.
import { configMap, container, deployment, event, list, node, notReadyConditions, pod, running, waiting } from './build';
import type { CorpusCase } from './case';

const BACKOFF = (c: string, p: string, ns: string, wait = '40s') =>
  `back-off ${wait} restarting failed container=${c} pod=${p}_${ns}(8c2f9e7a-3b1d-4e5f-9a0b-1c2d3e4f5a6b)`;
const KUBERUNTIME = 'pkg/kubelet/kuberuntime/kuberuntime_manager.go (doBackOff), kuberuntime_container.go';
const initPending = (initStatus: ReturnType<typeof waiting>, init = 'migrate') => ({
  phase: 'Pending' as const,
  initContainers: [container(init, 'ghcr.io/acme/migrate:2.2')],
  initStatuses: [initStatus],
  statuses: [waiting('app', 'PodInitializing', undefined)],
  conditions: [
    { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${init}]` },
    { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' },
    { type: 'PodScheduled', status: 'True' },
  ],
});
const sidecarSpec = (name: string, image: string) => [container(name, image, { restartPolicy: 'Always' })];
const rs = (name: string) => ({ kind: 'ReplicaSet', name });

export const containerCases: CorpusCase[] = [
  (() => {
    const p = pod('shop', 'orders-5d6e7f8a9b-c1v2b', {
      owner: rs('orders-5d6e7f8a9b'),
      ...initPending(
        waiting('migrate', 'CrashLoopBackOff', BACKOFF('migrate', 'orders-5d6e7f8a9b-c1v2b', 'shop', '1m20s'), {
          restarts: 4,
          image: 'ghcr.io/acme/migrate:2.2',
          last: { reason: 'OOMKilled', exitCode: 137, started: 70, finished: 60 },
        }),
      ),
    });
    return {
      name: 'an init container is OOMKilled',
      source: `${KUBERUNTIME}; containerd internal/cri/server/events.go (OOMKilled)`,
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'shop/orders-5d6e7f8a9b-c1v2b',
      expect: {
        primary: 'crash.oom-killed',
        container: 'migrate',
        title: [/init container "migrate"/, /256Mi/],
        command: /set resources deployment\/orders -c migrate/,
      },
    };
  })(),
  (() => {
    const p = pod('shop', 'orders-5d6e7f8a9b-f3g4h', {
      owner: rs('orders-5d6e7f8a9b'),
      initContainers: sidecarSpec('envoy', 'envoyproxy/envoy:v1.32.1'),
      initStatuses: [
        running('envoy', 20, {
          image: 'envoyproxy/envoy:v1.32.1',
          ready: false,
          restarts: 6,
          last: { reason: 'OOMKilled', exitCode: 137, started: 200, finished: 25 },
        }),
      ],
      statuses: [running('app', 3000)],
      conditions: notReadyConditions(['envoy']),
    });
    return {
      name: 'a sidecar (restartable init container) is OOMKilled while the app runs',
      source: KUBERUNTIME,
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'shop/orders-5d6e7f8a9b-f3g4h',
      expect: { primary: 'crash.oom-killed', container: 'envoy', title: [/sidecar container "envoy"/] },
    };
  })(),
  (() => {
    const p = pod('mesh', 'reviews-6e7f8a9b0c-j5k6l', {
      owner: rs('reviews-6e7f8a9b0c'),
      initContainers: sidecarSpec('istio-proxy', 'istio/proxyv2:1.24.2'),
      initStatuses: [
        running('istio-proxy', 15, {
          image: 'istio/proxyv2:1.24.2',
          ready: false,
          restarts: 3,
          last: { reason: 'Error', exitCode: 137, started: 400, finished: 18 },
        }),
      ],
      statuses: [running('app', 3000)],
      conditions: notReadyConditions(['istio-proxy']),
    });
    return {
      name: 'a sidecar killed by its liveness probe (exit 137, not an OOM)',
      source: `${KUBERUNTIME} (killContainer message); pkg/kubelet/prober/prober.go`,
      documents: [
        list(
          'get.json',
          p,
          event(p, 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 503', {
            container: 'istio-proxy',
            init: true,
            count: 9,
            first: 400,
            last: 20,
          }),
          event(p, 'Killing', 'Container istio-proxy failed liveness probe, will be restarted', {
            type: 'Normal',
            container: 'istio-proxy',
            init: true,
            count: 3,
            first: 400,
            last: 19,
          }),
          node('worker-1'),
        ),
      ],
      pod: 'mesh/reviews-6e7f8a9b0c-j5k6l',
      expect: { primary: 'crash.liveness-kill', container: 'istio-proxy', never: ['crash.oom-killed', 'crash.sigkill'] },
    };
  })(),
  (() => {
    const p = pod('shop', 'legacy-7f8a9b0c1d-m7n8b', {
      owner: rs('legacy-7f8a9b0c1d'),
      conditions: notReadyConditions(['app']),
      statuses: [running('app', 10, { ready: false, restarts: 5, last: { reason: 'Error', exitCode: 137, started: 130, finished: 12 } })],
    });
    return {
      name: 'killed by its startup probe before it ever served',
      source: `${KUBERUNTIME} (computePodActions: "failed startup probe, will be restarted")`,
      documents: [
        list(
          'get.json',
          p,
          event(
            p,
            'Unhealthy',
            'Startup probe failed: Get "http://10.244.1.23:8080/healthz": dial tcp 10.244.1.23:8080: connect: connection refused',
            { container: 'app', count: 60, first: 700, last: 13 },
          ),
          event(p, 'Killing', 'Container app failed startup probe, will be restarted', {
            type: 'Normal',
            container: 'app',
            count: 5,
            first: 700,
            last: 12,
          }),
          node('worker-1'),
        ),
      ],
      pod: 'shop/legacy-7f8a9b0c1d-m7n8b',
      expect: { primary: 'crash.startup-probe-kill', container: 'app', title: [/startup probe/] },
    };
  })(),
  (() => {
    const p = pod('shop', 'web-0', {
      owner: { kind: 'StatefulSet', name: 'web' },
      conditions: notReadyConditions(['app']),
      statuses: [
        waiting(
          'app',
          'PostStartHookError',
          'Exec lifecycle hook ([/bin/sh -c /init.sh]) for Container "app" in Pod "web-0_shop(8c2f9e7a-3b1d-4e5f-9a0b-1c2d3e4f5a6b)" failed - error: command \'/bin/sh -c /init.sh\' exited with 1: , message: ""',
          {
            restarts: 2,
            last: { reason: 'Error', exitCode: 137, started: 40, finished: 38 },
          },
        ),
      ],
    });
    return {
      name: 'its postStart hook fails, so the kubelet kills it',
      source: 'pkg/kubelet/kuberuntime/kuberuntime_container.go (startContainer: FailedPostStartHook); pkg/kubelet/lifecycle/handlers.go',
      documents: [
        list(
          'get.json',
          p,
          event(p, 'FailedPostStartHook', 'PostStartHook failed', { container: 'app', count: 3, first: 200, last: 39 }),
          event(p, 'Killing', 'FailedPostStartHook', { type: 'Normal', container: 'app', count: 3, first: 200, last: 38 }),
          node('worker-1'),
        ),
      ],
      pod: 'shop/web-0',
      expect: { primary: 'crash.poststart-hook', container: 'app', says: [/exited with 1/] },
    };
  })(),
  (() => {
    const p = pod('shop', 'orders-5d6e7f8a9b-p0o9i', {
      owner: rs('orders-5d6e7f8a9b'),
      ...initPending(
        waiting('migrate', 'CrashLoopBackOff', BACKOFF('migrate', 'orders-5d6e7f8a9b-p0o9i', 'shop'), {
          restarts: 3,
          image: 'ghcr.io/acme/migrate:2.2',
          last: {
            reason: 'StartError',
            exitCode: 128,
            started: 0,
            finished: 30,
            message:
              'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "/app/migrate": stat /app/migrate: no such file or directory: unknown',
          },
        }),
      ),
    });
    return {
      name: "an init container's command is not in its image (StartError 128)",
      source: 'containerd internal/cri/server/container_start.go (errorStartReason, errorStartExitCode)',
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'shop/orders-5d6e7f8a9b-p0o9i',
      expect: { primary: 'crash.start-failure', container: 'migrate', title: [/init container "migrate"/, /not found in the image/] },
    };
  })(),
  (() => {
    const p = pod('shop', 'api-4a5b6c7d8e-q1w2e', {
      owner: rs('api-4a5b6c7d8e'),
      phase: 'Pending',
      containers: [
        container('app', 'ghcr.io/acme/api:3.3', {
          env: [{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api-keys', key: 'token' } } }],
        }),
      ],
      initContainers: sidecarSpec('log-shipper', 'fluent/fluent-bit:3.2'),
      initStatuses: [
        waiting('log-shipper', 'CrashLoopBackOff', BACKOFF('log-shipper', 'api-4a5b6c7d8e-q1w2e', 'shop'), {
          image: 'fluent/fluent-bit:3.2',
          restarts: 4,
          last: { reason: 'Error', exitCode: 1, started: 45, finished: 44 },
        }),
      ],
      statuses: [waiting('app', 'CreateContainerConfigError', 'secret "api-keys" not found')],
      conditions: notReadyConditions(['app', 'log-shipper']),
    });
    return {
      name: 'two faults at once: a missing Secret and a crashing sidecar, both roots',
      source: 'pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables: the Secret NotFound error); kuberuntime_manager.go',
      documents: [
        list('get.json', p, event(p, 'Failed', 'Error: secret "api-keys" not found', { container: 'app', count: 6 }), node('worker-1')),
      ],
      pod: 'shop/api-4a5b6c7d8e-q1w2e',
      expect: {
        primary: 'config.missing-object',
        container: 'app',
        alsoRoots: ['crash.app-error'],
        title: [/Secret "api-keys" does not exist/],
      },
    };
  })(),
  (() => {
    const p = pod('shop', 'gateway-8e9f0a1b2c-r3t4y', {
      owner: rs('gateway-8e9f0a1b2c'),
      containers: [container('gateway', 'ghcr.io/acme/gateway:5.0.0'), container('metrics', 'ghcr.io/acme/exporter:1.1')],
      conditions: notReadyConditions(['gateway', 'metrics']),
      statuses: [
        waiting(
          'gateway',
          'ImagePullBackOff',
          'Back-off pulling image "ghcr.io/acme/gateway:5.0.0": ErrImagePull: failed to pull and unpack image "ghcr.io/acme/gateway:5.0.0": failed to resolve reference "ghcr.io/acme/gateway:5.0.0": ghcr.io/acme/gateway:5.0.0: not found',
          { image: 'ghcr.io/acme/gateway:5.0.0-missing' },
        ),
        waiting('metrics', 'CrashLoopBackOff', BACKOFF('metrics', 'gateway-8e9f0a1b2c-r3t4y', 'shop'), {
          image: 'ghcr.io/acme/exporter:1.1',
          restarts: 5,
          last: { reason: 'OOMKilled', exitCode: 137, started: 90, finished: 80 },
        }),
      ],
    });
    return {
      name: 'two faults at once: an image that does not exist and an OOM-killed second container',
      source: 'pkg/kubelet/images/image_manager.go (1.32+ ImagePullBackOff message keeps the pull error); containerd image_pull.go',
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'shop/gateway-8e9f0a1b2c-r3t4y',
      expect: {
        primary: 'image.not-found',
        container: 'gateway',
        alsoRoots: ['crash.oom-killed'],
        title: [/"ghcr\.io\/acme\/gateway:5\.0\.0"/],
        command: /set image deployment\/gateway gateway=/,
      },
    };
  })(),
  (() => {
    const p = pod('shop', 'orders-5d6e7f8a9b-u5i6o', {
      owner: rs('orders-5d6e7f8a9b'),
      ...initPending(
        waiting(
          'migrate',
          'ErrImagePull',
          'failed to pull and unpack image "ghcr.io/acme/migrate:9.9": failed to resolve reference "ghcr.io/acme/migrate:9.9": ghcr.io/acme/migrate:9.9: not found',
          { image: 'ghcr.io/acme/migrate:9.9-missing' },
        ),
      ),
    });
    p.spec!.initContainers![0].image = 'ghcr.io/acme/migrate:9.9';
    return {
      name: 'an init container whose image tag does not exist',
      source: 'pkg/kubelet/images/image_manager.go; containerd internal/cri/server/images/image_pull.go',
      documents: [
        list(
          'get.json',
          p,
          event(
            p,
            'Failed',
            'Failed to pull image "ghcr.io/acme/migrate:9.9": rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/acme/migrate:9.9": failed to resolve reference "ghcr.io/acme/migrate:9.9": ghcr.io/acme/migrate:9.9: not found',
            { container: 'migrate', init: true, count: 3 },
          ),
          node('worker-1'),
        ),
      ],
      pod: 'shop/orders-5d6e7f8a9b-u5i6o',
      expect: {
        primary: 'image.not-found',
        container: 'migrate',
        title: [/init container "migrate"/],
        command: /set image deployment\/orders migrate=/,
      },
    };
  })(),
  (() => {
    const p = pod('mesh', 'ratings-9f0a1b2c3d-a7s8d', {
      owner: rs('ratings-9f0a1b2c3d'),
      phase: 'Pending',
      initContainers: sidecarSpec('proxy', 'registry.example.com/mesh/proxy:1.2'),
      initStatuses: [
        waiting(
          'proxy',
          'ErrImagePull',
          'failed to pull and unpack image "registry.example.com/mesh/proxy:1.2": failed to resolve reference "registry.example.com/mesh/proxy:1.2": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
          { image: 'registry.example.com/mesh/proxy:1.2-missing' },
        ),
      ],
      statuses: [waiting('app', 'PodInitializing', undefined)],
      conditions: notReadyConditions(['app']),
    });
    return {
      name: 'a sidecar image the registry refuses to pull (no credentials)',
      source: 'containerd remotes/docker (pull access denied); pkg/kubelet/images/image_manager.go',
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'mesh/ratings-9f0a1b2c3d-a7s8d',
      expect: {
        primary: 'image.unauthorized',
        container: 'proxy',
        command: /docker-registry regcred --docker-server=registry\.example\.com/,
      },
    };
  })(),
  (() => {
    const p = pod('shop', 'db-0', {
      owner: { kind: 'StatefulSet', name: 'db' },
      phase: 'Pending',
      containers: [container('postgres', 'registry.internal:5000/postgres:17')],
      conditions: notReadyConditions(['postgres']),
      statuses: [
        waiting(
          'postgres',
          'ErrImagePull',
          'failed to pull and unpack image "registry.internal:5000/postgres:17": failed to resolve reference "registry.internal:5000/postgres:17": failed to do request: Head "https://registry.internal:5000/v2/postgres/manifests/17": dial tcp: lookup registry.internal on 10.96.0.10:53: no such host',
          { image: 'registry.internal:5000/postgres:17-missing' },
        ),
      ],
    });
    return {
      name: "a StatefulSet pod's registry does not resolve",
      source: 'containerd remotes/docker resolver (failed to do request); pkg/kubelet/images/image_manager.go',
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'shop/db-0',
      expect: { primary: 'image.unreachable', container: 'postgres', command: /nslookup registry\.internal/ },
    };
  })(),
  (() => {
    const p = pod('web', 'nginx-6a7b8c9d0e-f9g8h', {
      owner: rs('nginx-6a7b8c9d0e'),
      phase: 'Pending',
      containers: [container('nginx', 'nginx:1.27')],
      conditions: notReadyConditions(['nginx']),
      statuses: [
        waiting(
          'nginx',
          'ErrImagePull',
          'failed to pull and unpack image "docker.io/library/nginx:1.27": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:6784f26b9ffd55e6a33d96a1ff4b6e57a6b2c0b4d5e3a1f8c9d0e1f2a3b4c5d6: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
          { image: 'nginx:1.27-missing' },
        ),
      ],
    });
    return {
      name: 'a pull refused by the registry rate limit',
      source: 'containerd remotes/docker fetcher (unexpected status code … 429)',
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'web/nginx-6a7b8c9d0e-f9g8h',
      expect: { primary: 'image.rate-limited', container: 'nginx' },
    };
  })(),
  (() => {
    const p = pod('shop', 'api-4a5b6c7d8e-z0x9c', {
      owner: rs('api-4a5b6c7d8e'),
      phase: 'Pending',
      containers: [
        container('api', 'ghcr.io/acme/api:3.3', {
          envFrom: [{ configMapRef: { name: 'api-config' } }],
          env: [{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LOG_LEVEL' } } }],
        }),
      ],
      conditions: notReadyConditions(['api']),
      statuses: [waiting('api', 'CreateContainerConfigError', "couldn't find key LOG_LEVEL in ConfigMap shop/app-config")],
    });
    return {
      name: 'a ConfigMap key that is missing, with the keys the ConfigMap has',
      source: 'pkg/kubelet/kubelet_pods.go makeEnvironmentVariables ("couldn\'t find key %v in ConfigMap %v/%v")',
      documents: [
        list(
          'get.json',
          p,
          configMap('shop', 'app-config', { LOGLEVEL: 'info', PORT: '8080' }),
          configMap('shop', 'api-config', { MODE: 'prod' }),
          node('worker-1'),
        ),
      ],
      pod: 'shop/api-4a5b6c7d8e-z0x9c',
      expect: {
        primary: 'config.missing-key',
        container: 'api',
        title: [/key "LOG_LEVEL" is missing from ConfigMap "app-config"/],
        says: [/it has: LOGLEVEL, PORT/],
      },
    };
  })(),
  (() => {
    const p = pod('shop', 'api-4a5b6c7d8e-b8n7m', {
      owner: rs('api-4a5b6c7d8e'),
      phase: 'Pending',
      containers: [container('api', 'ghcr.io/acme/api:3.3', { securityContext: { runAsNonRoot: true } })],
      conditions: notReadyConditions(['api']),
      statuses: [
        waiting(
          'api',
          'CreateContainerConfigError',
          'container has runAsNonRoot and image will run as root (pod: "api-4a5b6c7d8e-b8n7m_shop(8c2f9e7a-3b1d-4e5f-9a0b-1c2d3e4f5a6b)", container: api)',
        ),
      ],
    });
    return {
      name: 'runAsNonRoot with an image that runs as root',
      source: 'pkg/kubelet/kuberuntime/security_context_others.go verifyRunAsNonRoot',
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'shop/api-4a5b6c7d8e-b8n7m',
      expect: { primary: 'config.create-error', container: 'api', title: [/runAsNonRoot/] },
    };
  })(),
  (() => {
    const p = pod('shop', 'api-4a5b6c7d8e-v4c3x', {
      owner: rs('api-4a5b6c7d8e'),
      phase: 'Pending',
      conditions: notReadyConditions(['app']),
      statuses: [waiting('app', 'ContainerCreating', undefined)],
    });
    return {
      name: 'the pod sandbox cannot be created (CNI)',
      source: 'pkg/kubelet/kuberuntime/kuberuntime_manager.go (createPodSandbox: "Failed to create pod sandbox: %v")',
      documents: [
        list(
          'get.json',
          p,
          event(
            p,
            'FailedCreatePodSandBox',
            'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3f2a9c1d": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized',
            { count: 14, first: 600, last: 15 },
          ),
          node('worker-1'),
        ),
      ],
      pod: 'shop/api-4a5b6c7d8e-v4c3x',
      expect: { primary: 'runtime.sandbox-failed', title: [/worker-1/] },
    };
  })(),
  (() => {
    const p = pod('monitoring', 'grafana-5b6c7d8e9f-k8j7h', {
      owner: rs('grafana-5b6c7d8e9f'),
      node: 'worker-2',
      phase: 'Pending',
      conditions: notReadyConditions(['app']),
      statuses: [waiting('app', 'ContainerCreating', undefined)],
    });
    return {
      name: 'its volume is still attached to another node (Multi-Attach)',
      source: 'pkg/controller/volume/attachdetach/reconciler/reconciler.go (Multi-Attach error)',
      documents: [
        list(
          'get.json',
          p,
          event(
            p,
            'FailedAttachVolume',
            'Multi-Attach error for volume "pvc-8e2b1f04-7c1a-4c2e-9a11-6b0d5a3e77ce" Volume is already used by pod(s) grafana-5b6c7d8e9f-abcde',
            { component: 'attachdetach-controller', count: 4 },
          ),
          node('worker-2'),
        ),
      ],
      pod: 'monitoring/grafana-5b6c7d8e9f-k8j7h',
      expect: { primary: 'volume.multi-attach', title: [/pvc-8e2b1f04/, /grafana-5b6c7d8e9f-abcde/] },
    };
  })(),
  (() => {
    const p = pod('monitoring', 'loki-0', {
      owner: { kind: 'StatefulSet', name: 'loki' },
      node: 'worker-2',
      phase: 'Pending',
      conditions: notReadyConditions(['app']),
      statuses: [waiting('app', 'ContainerCreating', undefined)],
    });
    return {
      name: 'its volume waits for a detach from another node (the 2026 wording)',
      source: 'pkg/controller/volume/attachdetach/reconciler/reconciler.go (Waiting for detach, kubernetes PR 138837)',
      documents: [
        list(
          'get.json',
          p,
          event(
            p,
            'FailedAttachVolume',
            'Waiting for detach for volume "pvc-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" Volume is already exclusively attached to one node, waiting on detach before it can be attached to another node',
            { component: 'attachdetach-controller', count: 2 },
          ),
          node('worker-2'),
        ),
      ],
      pod: 'monitoring/loki-0',
      expect: { primary: 'volume.multi-attach', title: [/pvc-1a2b3c4d/] },
    };
  })(),
  (() => {
    const p = pod('shop', 'web-7d9f8c6b5-y7u8i', {
      owner: rs('web-7d9f8c6b5'),
      phase: 'Pending',
      spec: { volumes: [{ name: 'config', configMap: { name: 'web-config' } }] },
      conditions: notReadyConditions(['app']),
      statuses: [waiting('app', 'ContainerCreating', undefined)],
    });
    return {
      name: 'a ConfigMap volume whose ConfigMap is missing',
      source: 'pkg/kubelet/volumemanager (MountVolume.SetUp failed for volume %q : %v); pkg/volume/configmap',
      documents: [
        list(
          'get.json',
          p,
          event(p, 'FailedMount', 'MountVolume.SetUp failed for volume "config" : configmap "web-config" not found', { count: 9 }),
          node('worker-1'),
        ),
      ],
      pod: 'shop/web-7d9f8c6b5-y7u8i',
      expect: { primary: 'volume.mount-failed', title: [/Volume "config"/, /ConfigMap "web-config" does not exist/] },
    };
  })(),
  (() => {
    const d = deployment('shop', 'storefront', [
      { hash: '7cbf55bc78', image: 'ghcr.io/acme/storefront:2.4.0', replicas: 3, ready: 3 },
      { hash: '5d8f7b9c4a', image: 'ghcr.io/acme/storefront:2.5.0', replicas: 1, ready: 0 },
    ]);
    const p = pod('shop', 'storefront-5d8f7b9c4a-h6j7k', {
      owner: d.owner(),
      containers: [container('storefront', 'ghcr.io/acme/storefront:2.5.0')],
      conditions: notReadyConditions(['storefront']),
      statuses: [
        waiting(
          'storefront',
          'ImagePullBackOff',
          'Back-off pulling image "ghcr.io/acme/storefront:2.5.0": ErrImagePull: failed to pull and unpack image "ghcr.io/acme/storefront:2.5.0": failed to resolve reference "ghcr.io/acme/storefront:2.5.0": ghcr.io/acme/storefront:2.5.0: not found',
          { image: 'ghcr.io/acme/storefront:2.5.0-missing' },
        ),
      ],
    });
    return {
      name: 'a rollout whose new image does not exist: the rollout leads, the pull failure is its consequence',
      source: 'pkg/controller/deployment (ReplicaSet revisions); pkg/kubelet/images/image_manager.go',
      documents: [list('get.json', p, d.deployment, ...d.replicaSets, node('worker-1'))],
      pod: 'shop/storefront-5d8f7b9c4a-h6j7k',
      expect: { primary: 'rollout.regression', chain: ['image.not-found'], command: /rollout undo deployment\/storefront --to-revision=1/ },
    };
  })(),
];
