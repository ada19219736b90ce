// The simulation convention: annotations that tell the simulated kubelet how a pod should
// misbehave. They live under a domain of their own and only inside local-cluster/: Podscope's
// app code never reads them (a test enforces that), so every diagnosis has to come from what a
// real kubelet would write (status, events, logs).
export const SIM_DOMAIN = 'sim.podscope.test';

export const SIM = {
  /** Which failure to simulate; see FAILURES. Pods without it behave like healthy pods. */
  fail: `${SIM_DOMAIN}/fail`,
  /** Name of the container (regular or init) that fails; default: the first regular container. */
  container: `${SIM_DOMAIN}/container`,
  /** Exit code of a crashing container (crash): default 1. */
  exitCode: `${SIM_DOMAIN}/exit-code`,
  /** Seconds a crashing container runs before it exits; for Job pods, how long they run. */
  runSeconds: `${SIM_DOMAIN}/run-seconds`,
  /** config-error: "secret" (default: the referenced Secret is missing) or "key" (a key is). */
  missing: `${SIM_DOMAIN}/missing`,
  /** evict: the memory the evicted container was using, as the kubelet's message reports it (default 612Mi). */
  usage: `${SIM_DOMAIN}/usage`,
  /** On a Node: the simulated kubelet reports this node NotReady ("network": its CNI is not ready). */
  nodeFail: `${SIM_DOMAIN}/node-fail`,
  /** Bookkeeping written by the simulation itself: how often the failing step happened. */
  attempts: `${SIM_DOMAIN}/attempts`,
  /** "on": keep runningSince up to date (for usage that depends on how long the run has lasted, sim/usage.ts). */
  runClock: `${SIM_DOMAIN}/run-clock`,
  /** Bookkeeping: when the target container last started running (Unix seconds; "0" while it is not running), if runClock is on. */
  runningSince: `${SIM_DOMAIN}/running-since`,
} as const;

export const FAILURES = [
  'image-not-found',
  'image-unauthorized',
  'image-unreachable',
  'crash',
  'oom',
  'start-failure',
  'liveness',
  'readiness',
  'config-error',
  'evict',
] as const;
export type Failure = (typeof FAILURES)[number];

/** The node annotation that tells our kwok to manage a node. */
export const NODE_ANNOTATION = `${SIM_DOMAIN}/node`;
