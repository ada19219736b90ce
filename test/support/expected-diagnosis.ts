// The primary finding each scenario must get (null: no finding at all). Shared by the unit test
// over captured fixtures and the integration test against the live cluster.
export const EXPECTED_PRIMARY: Record<string, string | null> = {
  healthy: null, 'job-complete': null, 'init-and-sidecar': null,
  'image-not-found': 'image.not-found', 'image-unauthorized': 'image.unauthorized', 'image-unreachable': 'image.unreachable',
  'crash-error': 'crash.app-error', 'crash-oom': 'crash.oom-killed', 'crash-completed': 'crash.completed-under-always',
  'crash-start-error': 'crash.start-failure', 'liveness-kill': 'crash.liveness-kill', 'readiness-fail': 'probe.readiness-failing',
  'config-missing-secret': 'config.missing-object', 'config-missing-key': 'config.missing-key', 'init-crash': 'crash.app-error',
  'stuck-terminating': 'termination.stuck', 'pending-cpu': 'scheduling.unschedulable', 'pending-memory': 'scheduling.unschedulable',
  'pending-taint': 'scheduling.unschedulable', 'pending-selector': 'scheduling.unschedulable', 'pending-pvc': 'scheduling.unschedulable',
  'scheduling-gated': 'scheduling.gated', 'rollout-regression': 'rollout.regression',
};
