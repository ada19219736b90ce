// Where the local cluster keeps its binaries (shared cache, outside the repo) and its state
// (one directory per checkout: certificates, kubeconfig, pid files, logs, etcd data).
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLUSTER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(CLUSTER_DIR, '..');

export const CONTEXT_NAME = 'podscope-local';

export function cacheRoot(): string {
  return process.env.PODSCOPE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'podscope');
}

/** The state directory of a running (or stopped) cluster. */
export function stateDir(): string {
  return resolve(process.env.PODSCOPE_CLUSTER_DIR ?? join(REPO_DIR, '.local-cluster'));
}

export function binDir(): string {
  return execFileSync('bash', [join(CLUSTER_DIR, 'scripts', 'build.sh'), '--print-bin-dir'], { encoding: 'utf8' }).trim();
}

export const paths = {
  get pki() {
    return join(stateDir(), 'pki');
  },
  get logs() {
    return join(stateDir(), 'logs');
  },
  get pids() {
    return join(stateDir(), 'pids');
  },
  get etcdData() {
    return join(stateDir(), 'etcd');
  },
  get kubeconfig() {
    return join(stateDir(), 'kubeconfig');
  },
  get clusterJson() {
    return join(stateDir(), 'cluster.json');
  },
  get podLogs() {
    return join(stateDir(), 'pod-logs');
  },
};
