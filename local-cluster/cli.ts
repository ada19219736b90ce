// Command-line entry for the local cluster: `node local-cluster/cli.ts <command> [flags]`
// (or the npm scripts cluster:*). Run with --help for the commands.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { down, readState, status, up } from './lib/cluster.ts';
import { PORT_NAMES, type Ports } from './lib/components.ts';
import { CLUSTER_DIR, CONTEXT_NAME, paths } from './lib/paths.ts';
import { ComponentError } from './lib/processes.ts';

const HELP = `usage: node local-cluster/cli.ts <command> [flags]

commands:
  build                 build (or find cached) kube-apiserver, kube-scheduler, kube-controller-manager,
                        kubectl, etcd, kwok, metrics-server and Prometheus
  up [--scenarios]      start the control plane and simulated nodes (builds first if needed);
                        --scenarios also applies every scenario; ports: --apiserver-port N,
                        --etcd-client-port N, --etcd-peer-port N, --controller-manager-port N,
                        --scheduler-port N, --kwok-server-port N, --metrics-server-port N, --pod-http-port N
                        (default: free ports)
  prometheus            start a Prometheus scraping the simulated kubelets (for PODSCOPE_PROMETHEUS_URL)
  down                  stop exactly the processes 'up' started and delete the cluster's state
  status                what runs, where, and the kubeconfig to use
  scenarios [list]      list the scenarios;  scenarios apply [name ...]: apply all or some
  scale                 scale mode: --nodes N (100) --pods M (10000) --namespaces K (200)
  churn                 pod churn: --rate R updates/s (100) --duration S seconds (60) --namespaces K

environment: PODSCOPE_CACHE_DIR (binaries, default ~/.cache/podscope),
             PODSCOPE_CLUSTER_DIR (state, default <repo>/.local-cluster)`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      scenarios: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'apiserver-port': { type: 'string' },
      'etcd-client-port': { type: 'string' },
      'etcd-peer-port': { type: 'string' },
      'controller-manager-port': { type: 'string' },
      'scheduler-port': { type: 'string' },
      'kwok-server-port': { type: 'string' },
      'metrics-server-port': { type: 'string' },
      'pod-http-port': { type: 'string' },
      nodes: { type: 'string' },
      pods: { type: 'string' },
      namespaces: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
    },
  });
  if (!command || values.help || command === 'help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  const int = (v: string | undefined, name: string, dflt?: number) => {
    if (v === undefined) return dflt;
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
    return Number(v);
  };

  switch (command) {
    case 'build':
      execFileSync('bash', [`${CLUSTER_DIR}/scripts/build.sh`], { stdio: 'inherit' });
      return 0;
    case 'up': {
      execFileSync('bash', [`${CLUSTER_DIR}/scripts/build.sh`], { stdio: 'inherit' });
      const ports: Partial<Ports> = {};
      const flag: Record<keyof Ports, string> = {
        apiserver: 'apiserver-port',
        etcdClient: 'etcd-client-port',
        etcdPeer: 'etcd-peer-port',
        controllerManager: 'controller-manager-port',
        scheduler: 'scheduler-port',
        kwokServer: 'kwok-server-port',
        metricsServer: 'metrics-server-port',
        podHttp: 'pod-http-port',
      };
      for (const k of Object.keys(PORT_NAMES) as (keyof Ports)[]) {
        const v = int((values as Record<string, string | undefined>)[flag[k]], flag[k]);
        if (v !== undefined) ports[k] = v;
      }
      await up({ ports });
      if (values.scenarios) {
        const { applyScenarios } = await import('./sim/scenarios.ts');
        await applyScenarios([]);
      }
      return 0;
    }
    case 'prometheus': {
      const { startPrometheus } = await import('./lib/prometheus.ts');
      const { url } = await startPrometheus();
      console.log(`local-cluster: Prometheus at ${url} (PODSCOPE_PROMETHEUS_URL=${url}); stopped with 'down'`);
      return 0;
    }
    case 'down':
      await down();
      return 0;
    case 'status': {
      const s = status();
      if (!s.state) {
        console.log('local-cluster: not running (no state)');
        return 1;
      }
      console.log(`local-cluster: ${s.state.server} (context ${CONTEXT_NAME}), state in ${s.state.stateDir}`);
      for (const c of s.components)
        console.log(`  ${c.name.padEnd(24)} ${c.running ? `running  pid ${c.pid}` : 'NOT RUNNING'}  log ${c.logFile}`);
      console.log(`  export KUBECONFIG=${paths.kubeconfig}`);
      return s.components.every((c) => c.running) ? 0 : 1;
    }
    case 'scenarios': {
      const { SCENARIOS, applyScenarios } = await import('./sim/scenarios.ts');
      if (positionals[0] === 'apply') {
        requireUp();
        await applyScenarios(positionals.slice(1));
        return 0;
      }
      for (const s of SCENARIOS)
        console.log(`${s.name.padEnd(28)} ${s.namespace.padEnd(28)} expect ${s.expect.padEnd(28)} ${s.description}`);
      return 0;
    }
    case 'scale': {
      requireUp();
      const { scaleUp } = await import('./sim/scale.ts');
      await scaleUp({
        nodes: int(values.nodes, 'nodes', 100)!,
        pods: int(values.pods, 'pods', 10_000)!,
        namespaces: int(values.namespaces, 'namespaces', 200)!,
      });
      return 0;
    }
    case 'churn': {
      requireUp();
      const { churn } = await import('./sim/scale.ts');
      await churn({
        rate: int(values.rate, 'rate', 100)!,
        durationSeconds: int(values.duration, 'duration', 60)!,
        namespaces: int(values.namespaces, 'namespaces', 200)!,
      });
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  }
}

class UsageError extends Error {}

function requireUp() {
  if (!readState()) throw new UsageError("the local cluster is not up: run 'npm run cluster:up' first");
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`local-cluster: ${err.message}`);
    else if (err instanceof ComponentError) console.error(`local-cluster: ${err.message}`);
    else console.error(`local-cluster: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
