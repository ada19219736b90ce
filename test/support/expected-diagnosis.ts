// The primary finding each scenario must get (null: no finding at all). Shared by the unit test
// over captured fixtures and the integration test against the live cluster.
export const EXPECTED_PRIMARY: Record<string, string | null> = {
  healthy: null,
  'job-complete': null,
  'init-and-sidecar': null,
  'image-not-found': 'image.not-found',
  'image-unauthorized': 'image.unauthorized',
  'image-unreachable': 'image.unreachable',
  'crash-error': 'crash.app-error',
  'crash-oom': 'crash.oom-killed',
  'crash-completed': 'crash.completed-under-always',
  'crash-start-error': 'crash.start-failure',
  'liveness-kill': 'crash.liveness-kill',
  'readiness-fail': 'probe.readiness-failing',
  'config-missing-secret': 'config.missing-object',
  'config-missing-key': 'config.missing-key',
  'init-crash': 'crash.app-error',
  'stuck-terminating': 'termination.stuck',
  'pending-cpu': 'scheduling.unschedulable',
  'pending-memory': 'scheduling.unschedulable',
  'pending-taint': 'scheduling.unschedulable',
  'pending-selector': 'scheduling.unschedulable',
  'pending-pvc': 'volume.claim-pending',
  'scheduling-gated': 'scheduling.gated',
  'rollout-regression': 'rollout.regression',
  evicted: 'node.evicted',
  'node-not-ready': 'node.not-ready',
  'job-backoff': 'job.backoff-limit',
  'finalizer-exited': 'termination.stuck',
};

/**
 * The usage scenarios, diagnosed live (their findings come from the Metrics API, which captured
 * fixtures have not got): any of these leads, null meaning no finding outside the spec review.
 */
export const EXPECTED_WITH_USAGE: Record<string, (string | null)[]> = {
  // climbing toward its limit, and after the first kill, OOMKilled
  'memory-leak': ['usage.memory-near-limit', 'crash.oom-killed'],
  'cpu-throttled': ['usage.cpu-throttled'],
  // using a tenth of its requests is a spec-review note, not a failure
  'over-provisioned': [null],
};
