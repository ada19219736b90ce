// The control-plane components, in start order, with their flags and health checks.
// All of them listen on 127.0.0.1 only.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import type { Pki } from './certs.ts';
import { request } from './http.ts';

export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  kwokServer: number;
  metricsServer: number;
  podHttp: number;
}

export const PORT_NAMES: Record<keyof Ports, string> = {
  etcdClient: 'etcd (client)',
  etcdPeer: 'etcd (peer)',
  apiserver: 'kube-apiserver',
  controllerManager: 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  kwokServer: 'kwok (kubelet endpoint)',
  metricsServer: 'metrics-server',
  podHttp: 'pod HTTP server (port-forward target)',
};

export interface ClusterState {
  version: 1;
  ports: Ports;
  binDir: string;
  stateDir: string;
  kubeconfig: string;
  server: string;
  startedAt: string;
}

export interface Component {
  name: string;
  exe: string;
  args: string[];
  /** Resolves true once the component serves; what "healthy" means differs per component. */
  healthy: () => Promise<boolean>;
  startTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** The annotation that marks a Node as simulated by our kwok (kwok manages only those). */
export const KWOK_NODE_ANNOTATION = 'sim.podscope.test/node';

export function components(s: ClusterState, pki: Pki, stageFiles: string[]): Component[] {
  const { ports } = s;
  const bin = (n: string) => join(s.binDir, n);
  const kcfg = s.kubeconfig;
  const schedulerConfig = join(s.stateDir, 'scheduler-config.yaml');
  // The default client QPS (50) makes placing 10,000 pods in scale mode take minutes.
  writeFileSync(
    schedulerConfig,
    [
      'apiVersion: kubescheduler.config.k8s.io/v1',
      'kind: KubeSchedulerConfiguration',
      'leaderElection: {leaderElect: false}',
      'clientConnection:',
      `  kubeconfig: ${kcfg}`,
      '  qps: 500',
      '  burst: 1000',
    ].join('\n') + '\n',
  );

  const ok = async (url: string, insecure = false) => (await request(url, { pki, insecure, timeoutMs: 2000 })).status === 200;

  return [
    {
      name: 'etcd',
      exe: bin('etcd'),
      args: [
        '--name=podscope',
        `--data-dir=${join(s.stateDir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${ports.etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${ports.etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
        `--initial-cluster=podscope=http://127.0.0.1:${ports.etcdPeer}`,
        '--unsafe-no-fsync', // test cluster: durability is not worth the latency
        '--quota-backend-bytes=8589934592',
        '--log-level=warn',
      ],
      healthy: async () => {
        const r = await request(`http://127.0.0.1:${ports.etcdClient}/health`, { timeoutMs: 2000 });
        return r.status === 200 && r.body.includes('"health":"true"');
      },
      startTimeoutMs: 30_000,
    },
    {
      name: 'kube-apiserver',
      exe: bin('kube-apiserver'),
      args: [
        `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${ports.apiserver}`,
        `--tls-cert-file=${pki.servingCert}`,
        `--tls-private-key-file=${pki.servingKey}`,
        `--client-ca-file=${pki.caCert}`,
        `--kubelet-client-certificate=${pki.adminCert}`,
        `--kubelet-client-key=${pki.adminKey}`,
        `--service-account-key-file=${pki.saPub}`,
        `--service-account-signing-key-file=${pki.saKey}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--authorization-mode=Node,RBAC',
        '--service-cluster-ip-range=10.96.0.0/16',
        '--endpoint-reconciler-type=none',
        '--allow-privileged=true',
        // Scale mode sends thousands of writes; the defaults (400/200) throttle the simulation, not the app.
        '--max-requests-inflight=2000',
        '--max-mutating-requests-inflight=1000',
        '--profiling=false',
        // the aggregation layer (metrics.k8s.io is served by metrics-server behind it): the API
        // server proxies with this client certificate and passes the user on in these headers
        `--proxy-client-cert-file=${pki.adminCert}`,
        `--proxy-client-key-file=${pki.adminKey}`,
        `--requestheader-client-ca-file=${pki.caCert}`,
        // (one CA signs every certificate here: only the proxy's may carry user headers; it is the
        // admin's, which may act as anyone anyway)
        '--requestheader-allowed-names=podscope-admin',
        '--requestheader-username-headers=X-Remote-User',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      ],
      healthy: () => ok(`https://127.0.0.1:${ports.apiserver}/readyz`),
      startTimeoutMs: 90_000,
    },
    {
      name: 'kube-controller-manager',
      exe: bin('kube-controller-manager'),
      args: [
        `--kubeconfig=${kcfg}`,
        `--authentication-kubeconfig=${kcfg}`,
        `--authorization-kubeconfig=${kcfg}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.controllerManager}`,
        '--leader-elect=false',
        `--root-ca-file=${pki.caCert}`,
        `--service-account-private-key-file=${pki.saKey}`,
        '--use-service-account-credentials=true',
        '--controllers=*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller',
        // Simulated nodes on a busy 2-core machine can miss heartbeats; don't declare them lost.
        '--node-monitor-grace-period=10m',
        '--kube-api-qps=500',
        '--kube-api-burst=1000',
        '--concurrent-replicaset-syncs=10',
        '--concurrent-deployment-syncs=10',
      ],
      healthy: () => ok(`https://127.0.0.1:${ports.controllerManager}/healthz`, true),
      startTimeoutMs: 60_000,
    },
    {
      name: 'kube-scheduler',
      exe: bin('kube-scheduler'),
      args: [
        `--config=${schedulerConfig}`,
        `--authentication-kubeconfig=${kcfg}`,
        `--authorization-kubeconfig=${kcfg}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.scheduler}`,
      ],
      healthy: () => ok(`https://127.0.0.1:${ports.scheduler}/healthz`, true),
      startTimeoutMs: 60_000,
    },
    {
      name: 'kwok',
      exe: bin('kwok'),
      args: [
        `--kubeconfig=${kcfg}`,
        ...stageFiles.map((f) => `--config=${f}`),
        `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=kwok`,
        '--node-ip=127.0.0.1',
        `--node-port=${ports.kwokServer}`,
        `--server-address=127.0.0.1:${ports.kwokServer}`,
        `--tls-cert-file=${pki.servingCert}`,
        `--tls-private-key-file=${pki.servingKey}`,
        '--node-lease-duration-seconds=40',
      ],
      // kwok also merges <workdir>/kwok.yaml into its config; point it at our state, not ~/.kwok
      env: { ...process.env, KWOK_WORKDIR: join(s.stateDir, 'kwok-workdir') },
      healthy: async () =>
        (await request(`https://127.0.0.1:${ports.kwokServer}/healthz`, { insecure: true, timeoutMs: 2000 })).status === 200,
      startTimeoutMs: 30_000,
    },
    {
      // the Metrics API (kubectl top), scraping kwok's emulated kubelet endpoints (sim/usage.ts)
      name: 'metrics-server',
      exe: bin('metrics-server'),
      args: [
        `--kubeconfig=${kcfg}`,
        `--authentication-kubeconfig=${kcfg}`,
        `--authorization-kubeconfig=${kcfg}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.metricsServer}`,
        `--cert-dir=${join(s.stateDir, 'metrics-server')}`,
        '--kubelet-preferred-address-types=InternalIP',
        '--kubelet-use-node-status-port',
        `--kubelet-certificate-authority=${pki.caCert}`,
        // the shortest it allows (usage shows up about 15 s after a pod starts); the benchmark's
        // 10,000 pods scrape every 30 s (kwok evaluates every pod's usage on each scrape)
        `--metric-resolution=${process.env.PODSCOPE_METRIC_RESOLUTION ?? '10s'}`,
        '--kubelet-request-timeout=5s',
        '--v=1',
      ],
      healthy: async () =>
        (await request(`https://127.0.0.1:${ports.metricsServer}/livez`, { insecure: true, timeoutMs: 2000 })).status === 200,
      startTimeoutMs: 30_000,
    },
    {
      // what a simulated pod's ports answer through port-forward (kwok's ClusterPortForward)
      name: 'pod-http',
      exe: realpathSync(process.execPath),
      args: [join(import.meta.dirname, '..', 'sim', 'pod-http.ts'), String(ports.podHttp)],
      healthy: async () => (await request(`http://127.0.0.1:${ports.podHttp}/healthz`, { timeoutMs: 2000 })).status === 200,
      startTimeoutMs: 10_000,
    },
    {
      name: 'log-writer',
      exe: realpathSync(process.execPath),
      args: [join(import.meta.dirname, '..', 'sim', 'log-writer.ts'), join(s.stateDir, 'pod-logs')],
      healthy: async () => true,
      startTimeoutMs: 5_000,
    },
  ];
}
