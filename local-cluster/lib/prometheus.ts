// A real Prometheus for the tests of Podscope's optional Prometheus history source (and for
// anyone who wants one on the local cluster: `node local-cluster/cli.ts prometheus`). It scrapes
// every simulated node's kubelet endpoints that kwok serves (/metrics/resource and the
// cAdvisor-style one, sim/usage.ts) every 5 s, over TLS checked against the cluster's CA, on
// 127.0.0.1 only, with its data in the cluster's state directory. Stopped with the cluster.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cadvisorMetricsPath, resourceMetricsPath } from '../sim/usage.ts';
import { request } from './http.ts';
import { readState } from './cluster.ts';
import { kubectl } from './kubectl.ts';
import { binDir, paths, stateDir } from './paths.ts';
import { freePort, isAlive, readPid, startProcess, waitUntil } from './processes.ts';

export const SCRAPE_SECONDS = 5;

export async function startPrometheus(): Promise<{ url: string }> {
  const state = readState();
  if (!state) throw new Error('the local cluster is not up');
  const dir = join(stateDir(), 'prometheus');
  mkdirSync(dir, { recursive: true });
  const prev = readPid(paths.pids, 'prometheus');
  const portFile = join(dir, 'port');
  if (prev && isAlive(prev)) {
    const { readFileSync } = await import('node:fs');
    return { url: `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}` };
  }
  // (a fresh store each start: a series with the gaps of earlier runs would skew its rates)
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  const nodes = (await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.split(/\s+/).filter(Boolean);
  const target = `127.0.0.1:${state.ports.kwokServer}`;
  const job = (name: string, path: (n: string) => string) => ({
    job_name: name,
    scheme: 'https',
    tls_config: { ca_file: join(paths.pki, 'ca.crt') },
    static_configs: nodes.map((n) => ({ targets: [target], labels: { __metrics_path__: path(n), node: n } })),
  });
  const config = {
    global: { scrape_interval: `${SCRAPE_SECONDS}s`, evaluation_interval: `${SCRAPE_SECONDS}s` },
    scrape_configs: [job('kubelet-resource', resourceMetricsPath), job('kubelet-cadvisor', cadvisorMetricsPath)],
  };
  const file = join(dir, 'prometheus.yml');
  writeFileSync(file, stringify(config));
  const port = await freePort();
  writeFileSync(portFile, String(port));
  const rec = startProcess({
    name: 'prometheus',
    exe: join(binDir(), 'prometheus'),
    args: [
      `--config.file=${file}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=2h',
    ],
    logFile: join(paths.logs, 'prometheus.log'),
    pidDir: paths.pids,
    cwd: dir,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(rec, 'ready', async () => (await request(`${url}/-/ready`, { timeoutMs: 2000 })).status === 200, 60_000);
  return { url };
}
