// Exec and port-forward for simulated pods, as kwok serves them through the real API server
// (kwok's ClusterExec and ClusterPortForward objects, in the same --config file as the stages):
// `kubectl exec` (and Podscope's shell) runs the requested command on this machine, in a scratch
// directory, as nobody when the cluster runs as root; `kubectl port-forward` to any port of any
// simulated pod reaches the pod HTTP server (sim/pod-http.ts). A simulated container has no
// filesystem of its own: a shell in it is a shell here, which is what the tests need (a real
// pty, a real exit code).
import { createHash } from 'node:crypto';
import { mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a shell in a simulated container starts: under the system's temporary directory, not the
 * state directory, since nobody must be able to reach it and a checkout may sit in a directory
 * only root may enter (as `mktemp -d` makes). One per cluster state directory; `down` removes it.
 */
export const execWorkDir = (stateDir: string) =>
  join(tmpdir(), `podscope-exec-${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}`);

export function execDocuments(stateDir: string, podHttpPort: number): object[] {
  const workDir = execWorkDir(stateDir);
  mkdirSync(workDir, { recursive: true });
  chmodSync(workDir, 0o1777);
  const asNobody = process.getuid?.() === 0 ? { securityContext: { runAsUser: 65534, runAsGroup: 65534 } } : {};
  return [
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterExec',
      metadata: { name: 'podscope-local-exec' },
      spec: {
        execs: [
          {
            local: {
              workDir,
              envs: [
                { name: 'HOME', value: workDir },
                { name: 'PS1', value: '$ ' },
                { name: 'TERM', value: 'xterm-256color' },
              ],
              ...asNobody,
            },
          },
        ],
      },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterPortForward',
      metadata: { name: 'podscope-pod-http' },
      spec: { forwards: [{ target: { address: '127.0.0.1', port: podHttpPort } }] },
    },
  ];
}
