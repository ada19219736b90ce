// jq predicates over a Pod (as JSON) that the stages select on. gojq, as embedded in kwok,
// evaluates each key; a predicate that yields `true` matches with operator In ["true"].
import { SIM } from './convention.ts';

const ann = (key: string) => `((.metadata.annotations // {})["${key}"])`;

/** Definitions prepended to every predicate. `$p` is the pod. */
export const DEFS = [
  '. as $p',
  `| (${ann(SIM.fail)} // "") as $fail`,
  `| (${ann(SIM.container)} // $p.spec.containers[0].name) as $target`,
  '| ([$p.spec.initContainers[]? | select(.restartPolicy == "Always") | .name]) as $sidecars',
  '| ([$p.spec.initContainers[]? | .name]) as $inits',
  '| (($p.status.initContainerStatuses // []) + ($p.status.containerStatuses // [])) as $all',
  '| ([$all[] | select(.name == $target)] | first) as $ts', // the target's status, if any
  '| ($target | IN($inits[])) as $targetIsInit',
  // the first init container that has not finished (sidecars finish by starting)
  '| ([($p.status.initContainerStatuses // [])[] | select((((.state.terminated.exitCode // -1) == 0) or (.started == true and (.name | IN($sidecars[])))) | not)] | first) as $nextInit',
  '| ([$p.status.conditions[]? | select(.type == "Initialized") | .status] | first == "True") as $initialized',
  '| ($p.metadata.deletionTimestamp == null and (($p.status.phase // "Pending") | IN("Pending", "Running"))) as $live',
  '| (($p.status.hostIP // "") != "") as $accepted',
  // a container that may start now: a main container once initialized, or the next init container
  '| (if $targetIsInit then ($nextInit != null and $nextInit.name == $target) else $initialized end) as $targetMayStart',
  '| ($fail | IN("image-not-found", "image-unauthorized", "image-unreachable", "config-error", "start-failure")) as $failsAtStart',
  '| ($fail | IN("crash", "oom", "liveness")) as $failsWhileRunning',
  '| (($p.spec.restartPolicy // "Always") as $rp | $targetIsInit or $rp == "Always" or ($rp == "OnFailure" and (($ts.state.terminated.exitCode // 1) != 0))) as $restarts',
].join(' ');

export function predicate(body: string): string {
  return `${DEFS} | (${body})`;
}

/** Selector matching pods for which `body` (jq, using the DEFS variables) is true. */
export function selectWhen(body: string) {
  return { matchExpressions: [{ jq: { key: predicate(body), operator: 'In', values: ['true'] } }] };
}
