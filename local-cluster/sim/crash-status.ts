// A container status as the kubelet writes it for a container in CrashLoopBackOff (waiting, its
// last run terminated with an error, the back-off message of pkg/kubelet/kuberuntime), for
// benchmarks and tests that turn a running pod into a crash-looping one with one status patch.
export function crashLoopStatus(
  container: { name: string; image?: string; imageID?: string } & Record<string, unknown>,
  pod: { name: string; namespace: string },
  at = new Date(),
): Record<string, unknown> {
  const now = at.toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    ...container,
    ready: false,
    started: false,
    restartCount: 3,
    state: {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off 40s restarting failed container=${container.name} pod=${pod.name}_${pod.namespace}(x)`,
      },
    },
    lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: now, finishedAt: now } },
  };
}
