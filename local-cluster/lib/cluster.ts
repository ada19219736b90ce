// up / down / status for the local control plane.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePki, type Pki } from './certs.ts';
import { type ClusterState, components, PORT_NAMES, type Ports } from './components.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { kubectl } from './kubectl.ts';
import { DEFAULT_NODES, type NodeShape, nodeObject } from './nodes.ts';
import { binDir, CONTEXT_NAME, paths, stateDir } from './paths.ts';
import { ComponentError, freePort, isAlive, portFree, readPid, startProcess, stopProcess, waitUntil } from './processes.ts';
import { stageFiles } from './kwok-config.ts';
import { execWorkDir } from '../sim/exec.ts';

export interface UpOptions {
  ports?: Partial<Ports>;
  nodes?: NodeShape[];
  log?: (line: string) => void;
}

export function readState(): ClusterState | undefined {
  if (!existsSync(paths.clusterJson)) return undefined;
  return JSON.parse(readFileSync(paths.clusterJson, 'utf8')) as ClusterState;
}

async function choosePorts(wanted: Partial<Ports>): Promise<Ports> {
  const ports = {} as Ports;
  const taken = new Set<number>();
  for (const key of Object.keys(PORT_NAMES) as (keyof Ports)[]) {
    const fixed = wanted[key];
    if (fixed !== undefined) {
      if (!(await portFree(fixed))) {
        throw new ComponentError(
          PORT_NAMES[key],
          `port ${fixed} on 127.0.0.1 is already in use; choose another with --${key}-port or leave it out to pick a free one`,
        );
      }
      ports[key] = fixed;
    } else {
      let p = await freePort();
      while (taken.has(p)) p = await freePort();
      ports[key] = p;
    }
    taken.add(ports[key]);
  }
  return ports;
}

const kubeletVersion = (dir: string) => dir.match(/k8s-(v[0-9.]+)/)?.[1] ?? 'v0.0.0';

export async function up(opts: UpOptions = {}): Promise<ClusterState> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const t0 = Date.now();
  const bins = binDir();
  let state = readState();
  if (state && state.binDir !== bins) {
    log(`local-cluster: state in ${stateDir()} was made with other binaries; restarting it`);
    await down({ log });
    state = undefined;
  }
  mkdirSync(paths.logs, { recursive: true });
  mkdirSync(paths.pids, { recursive: true });
  const pki: Pki = ensurePki(paths.pki);
  if (!state) {
    const ports = await choosePorts(opts.ports ?? {});
    state = {
      version: 1,
      ports,
      binDir: bins,
      stateDir: stateDir(),
      kubeconfig: paths.kubeconfig,
      server: `https://127.0.0.1:${ports.apiserver}`,
      startedAt: new Date().toISOString(),
    };
    writeKubeconfig(paths.kubeconfig, state.server, pki);
    writeFileSync(paths.clusterJson, JSON.stringify(state, null, 2));
  } else if (state.ports.metricsServer === undefined || state.ports.podHttp === undefined) {
    // a cluster from before metrics-server (or the pod HTTP server) was part of it
    state.ports.metricsServer ??= await freePort();
    state.ports.podHttp ??= await freePort();
    writeFileSync(paths.clusterJson, JSON.stringify(state, null, 2));
  }

  let started = 0;
  for (const c of components(state, pki, stageFiles(state))) {
    const logFile = join(paths.logs, `${c.name}.log`);
    const prev = readPid(paths.pids, c.name);
    if (prev && isAlive(prev)) {
      await waitUntil(prev, 'healthy', c.healthy, c.startTimeoutMs);
      continue;
    }
    if (prev) log(`local-cluster: ${c.name} (pid ${prev.pid}) is not running any more; restarting it. Its log: ${logFile}`);
    const port = portOf(state, c.name);
    if (port !== undefined && !(await portFree(port))) {
      throw new ComponentError(
        c.name,
        `port ${port} on 127.0.0.1 is in use by another process; run 'npm run cluster:down' and try again`,
        logFile,
      );
    }
    log(`local-cluster: starting ${c.name}`);
    const rec = startProcess({ name: c.name, exe: c.exe, args: c.args, logFile, pidDir: paths.pids, env: c.env });
    await waitUntil(rec, 'healthy', c.healthy, c.startTimeoutMs);
    started++;
  }

  await registerMetricsApi(state.ports.metricsServer);
  await registerNodes(opts.nodes ?? DEFAULT_NODES, kubeletVersion(bins));
  await waitForNodesReady((opts.nodes ?? DEFAULT_NODES).map((n) => n.name));
  log(
    started === 0
      ? `local-cluster: already up (${state.server})`
      : `local-cluster: up in ${((Date.now() - t0) / 1000).toFixed(1)}s at ${state.server}`,
  );
  log(`  kubectl:  export KUBECONFIG=${state.kubeconfig}   # context ${CONTEXT_NAME}`);
  log(`  binaries: ${bins}`);
  return state;
}

/**
 * metrics.k8s.io through the aggregation layer, as a cluster's metrics-server install does it, but
 * with the Service pointing at 127.0.0.1 (an ExternalName: the API server refuses loopback
 * Endpoints). The API server checks it is available before it serves it.
 */
async function registerMetricsApi(port: number): Promise<void> {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'metrics-server', namespace: 'kube-system' },
        spec: { type: 'ExternalName', externalName: '127.0.0.1', ports: [{ name: 'https', port, protocol: 'TCP' }] },
      },
      {
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        metadata: { name: 'v1beta1.metrics.k8s.io' },
        spec: {
          group: 'metrics.k8s.io',
          version: 'v1beta1',
          service: { name: 'metrics-server', namespace: 'kube-system', port },
          // metrics-server's certificate is self-signed in its --cert-dir
          insecureSkipTLSVerify: true,
          groupPriorityMinimum: 100,
          versionPriority: 100,
        },
      },
    ],
  };
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify(list) });
}

function portOf(s: ClusterState, component: string): number | undefined {
  switch (component) {
    case 'etcd':
      return s.ports.etcdClient;
    case 'kube-apiserver':
      return s.ports.apiserver;
    case 'kube-controller-manager':
      return s.ports.controllerManager;
    case 'kube-scheduler':
      return s.ports.scheduler;
    case 'kwok':
      return s.ports.kwokServer;
    case 'metrics-server':
      return s.ports.metricsServer;
    case 'pod-http':
      return s.ports.podHttp;
    default:
      return undefined;
  }
}

export async function registerNodes(nodes: NodeShape[], version: string, annotations: Record<string, string> = {}): Promise<void> {
  const items = nodes.map((n) => nodeObject(n, version) as { metadata: { annotations: Record<string, string> } });
  for (const i of items) Object.assign(i.metadata.annotations, annotations);
  const list = { apiVersion: 'v1', kind: 'List', items };
  // create, not apply: existing nodes are left as kwok keeps them
  const r = await kubectl(['create', '-f', '-', '-o', 'name'], { input: JSON.stringify(list), allowFail: true });
  if (r.code !== 0 && !/AlreadyExists/.test(r.stderr)) throw new Error(`registering nodes failed: ${r.stderr}`);
}

async function waitForNodesReady(names: string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let notReady = names;
  while (Date.now() < deadline) {
    const r = await kubectl(['get', 'nodes', '-o', 'json'], { allowFail: true });
    if (r.code === 0) {
      const items = (
        JSON.parse(r.stdout) as { items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] }
      ).items;
      const ready = new Set(
        items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata.name),
      );
      notReady = names.filter((n) => !ready.has(n));
      if (notReady.length === 0) return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new ComponentError(
    'kwok',
    `simulated nodes never became Ready: ${notReady.slice(0, 5).join(', ')}${notReady.length > 5 ? ', …' : ''}`,
    join(paths.logs, 'kwok.log'),
  );
}

const STOP_ORDER = [
  'churn',
  'log-writer',
  'pod-http',
  'prometheus',
  'metrics-server',
  'kwok',
  'kube-scheduler',
  'kube-controller-manager',
  'kube-apiserver',
  'etcd',
];

export async function down(opts: { log?: (l: string) => void; keepState?: boolean } = {}): Promise<void> {
  const log = opts.log ?? ((l: string) => console.log(l));
  if (!existsSync(stateDir())) {
    log('local-cluster: not running (no state)');
    return;
  }
  for (const name of STOP_ORDER) {
    const r = await stopProcess(paths.pids, name);
    if (r === 'stopped') log(`local-cluster: stopped ${name}`);
  }
  if (!opts.keepState) {
    rmSync(stateDir(), { recursive: true, force: true });
    rmSync(execWorkDir(stateDir()), { recursive: true, force: true });
  }
  log('local-cluster: down');
}

export interface ComponentStatus {
  name: string;
  pid?: number;
  running: boolean;
  logFile: string;
}

export function status(): { state?: ClusterState; components: ComponentStatus[] } {
  const state = readState();
  const names = [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    'kwok',
    'metrics-server',
    'pod-http',
    'prometheus',
    'log-writer',
    'churn',
  ];
  return {
    state,
    components: names.flatMap((name) => {
      const rec = readPid(paths.pids, name);
      if (!rec && (name === 'churn' || name === 'log-writer')) return [];
      return [{ name, pid: rec?.pid, running: !!rec && isAlive(rec), logFile: join(paths.logs, `${name}.log`) }];
    }),
  };
}
