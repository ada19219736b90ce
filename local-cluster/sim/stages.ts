// Our KWOK stages: a simulated kubelet written for Podscope. Each stage selects pods in one
// state (jq predicates, see jq.ts) and moves them to the next, writing status and events the
// way a kubelet with containerd does. Selectors are disjoint per state, so kwok never races
// two stages on one pod, and every stage's own patch takes the pod out of its selector.
import { EVICTED_STATUS, PRELUDE, type Change, type EventSpec, eventTemplate, statusTemplate, type Subject } from './gotpl.ts';
import { SIM } from './convention.ts';
import { selectWhen } from './jq.ts';

interface StageDef {
  name: string;
  when: string; // jq boolean over the pod (DEFS variables available)
  delay?: { ms?: number; jitterMs?: number; fromJq?: string };
  events?: { subject: Subject; event: EventSpec }[];
  status?: { subject: Subject; changes: Change[]; phase?: 'Succeeded' | 'Failed'; allContainers?: boolean; extra?: string };
  countAttempt?: boolean; // bump the simulation's attempt counter (drives back-off and event counts)
  startsRun?: boolean; // the target container starts running: stamp the run clock (pods that ask for it)
  endsRun?: boolean; // the target container stopped: the run clock says "0" (no usage until it runs again)
  deleteAfter?: boolean;
}

const live = '$live and $accepted';
const targetWaiting = (reasons: string[]) => `($ts.state.waiting.reason // "") | IN(${reasons.map((r) => JSON.stringify(r)).join(', ')})`;
const restarts1 = 'add1 (atoi (toString $s.restartCount))';
const ev = (type: EventSpec['type'], reason: string, message: string, count = '1'): EventSpec => ({ type, reason, message, count });

// Events a kubelet writes whenever it (re)starts a container; count = instances started so far.
const startEvents = (subject: Subject) => [
  { subject, event: ev('Normal', 'Pulled', 'printf "Container image %q already present on machine" $c.image', restarts1) },
  { subject, event: ev('Normal', 'Created', '"Container created"', restarts1) },
  { subject, event: ev('Normal', 'Started', '"Container started"', restarts1) },
];

const POD_STAGES: StageDef[] = [
  {
    // The kubelet admits the pod: IPs, start time, every container waiting.
    name: 'pod-accept',
    when: '$live and ($accepted | not) and ($p.spec.nodeName // "") != ""',
    delay: { ms: 200, jitterMs: 600 },
  },
  {
    name: 'init-container-start',
    when: `${live} and ($initialized | not) and $nextInit != null and ([$all[] | select(.name == $nextInit.name)] | first | .state.waiting != null) and (($nextInit.name == $target and $failsAtStart) | not)`,
    delay: { ms: 300, jitterMs: 800 },
    events: startEvents('nextInit'),
    status: { subject: 'nextInit', changes: ['running'] },
  },
  {
    name: 'init-container-complete',
    when: `${live} and $nextInit != null and $nextInit.state.running != null and (($nextInit.name | IN($sidecars[])) | not) and (($nextInit.name == $target and $failsWhileRunning) | not)`,
    delay: { ms: 800, jitterMs: 1500 },
    status: { subject: 'nextInit', changes: ['completed'] },
  },
  {
    name: 'container-start',
    startsRun: true,
    when: `${live} and $initialized and ([$p.status.containerStatuses[]? | select((.state.waiting.reason // "") | IN("ContainerCreating", "PodInitializing")) | select((.name == $target and $failsAtStart) | not)] | length > 0)`,
    delay: { ms: 300, jitterMs: 1000 },
    events: startEvents('nextMain'),
    status: { subject: 'nextMain', changes: ['running'] },
  },
  {
    // Pods of Jobs run for a while and exit 0.
    name: 'job-pod-complete',
    when: `${live} and $fail == "" and ($p.status.phase == "Running") and ([$p.metadata.ownerReferences[]? | select(.kind == "Job")] | length > 0) and ([$p.status.containerStatuses[]? | select(.state.running == null)] | length == 0)`,
    delay: { fromJq: `"\\((${'.metadata.annotations["' + SIM.runSeconds + '"]'} // "3"))s"` },
    status: { subject: 'target', changes: ['completed'], phase: 'Succeeded', allContainers: true },
  },
  // ---- image pulls that fail: Pulling → Failed (runtime error) → Failed Error: ErrImagePull → BackOff → Failed Error: ImagePullBackOff
  {
    name: 'image-pull-fail',
    when: `${live} and ($fail | startswith("image-")) and $targetMayStart and (${targetWaiting(['ContainerCreating', 'PodInitializing', 'ImagePullBackOff'])})`,
    // first attempt at once; then the kubelet's image back-off: 10s doubling to 300s
    delay: {
      ms: 300,
      fromJq: `if ($ts.state.waiting.reason == "ImagePullBackOff") then "\\([10 * pow(2; ((${'.metadata.annotations["' + SIM.attempts + '"]'} // "1") | tonumber) - 1), 300] | min | floor)s" else empty end`,
    },
    events: [
      { subject: 'target', event: ev('Normal', 'Pulling', 'printf "Pulling image %q" $c.image', 'add1 $attempts') },
      {
        subject: 'target',
        event: ev('Warning', 'Failed', 'printf "Failed to pull image %q: %s" $c.image (get $pullErrOf $subj)', 'add1 $attempts'),
      },
      { subject: 'target', event: ev('Warning', 'Failed', '"Error: ErrImagePull"', 'add1 $attempts') },
    ],
    status: { subject: 'target', changes: ['errImagePull'] },
    countAttempt: true,
  },
  {
    name: 'image-pull-backoff',
    when: `${live} and ($fail | startswith("image-")) and (${targetWaiting(['ErrImagePull'])})`,
    delay: { ms: 1000, jitterMs: 2000 },
    events: [
      { subject: 'target', event: ev('Normal', 'BackOff', 'printf "Back-off pulling image %q" $c.image', '$attempts') },
      { subject: 'target', event: ev('Warning', 'Failed', '"Error: ImagePullBackOff"', '$attempts') },
    ],
    status: { subject: 'target', changes: ['imagePullBackOff'] },
  },
  // ---- CreateContainerConfigError: retried on every pod sync
  {
    name: 'container-config-error',
    when: `${live} and $fail == "config-error" and $targetMayStart and (${targetWaiting(['ContainerCreating', 'PodInitializing', 'CreateContainerConfigError'])})`,
    delay: { ms: 500, fromJq: `if ($ts.state.waiting.reason == "CreateContainerConfigError") then "15s" else empty end` },
    events: [
      {
        subject: 'target',
        event: ev('Normal', 'Pulled', 'printf "Container image %q already present on machine" $c.image', 'add1 $attempts'),
      },
      { subject: 'target', event: ev('Warning', 'Failed', 'printf "Error: %s" (get $configErrOf $subj)', 'add1 $attempts') },
    ],
    status: { subject: 'target', changes: ['configError'] },
    countAttempt: true,
  },
  // ---- containers that die: crash (exit code of choice), OOM kill, liveness-probe kill, failure to start
  {
    name: 'container-exit',
    endsRun: true,
    when: `${live} and $failsWhileRunning and $fail != "liveness" and $ts.state.running != null`,
    delay: { fromJq: `"\\((${'.metadata.annotations["' + SIM.runSeconds + '"]'} // "5"))s"` },
    status: { subject: 'target', changes: ['exited'] },
  },
  {
    name: 'container-liveness-kill',
    when: `${live} and $fail == "liveness" and $ts.state.running != null`,
    delay: { fromJq: `"\\((${'.metadata.annotations["' + SIM.runSeconds + '"]'} // "8"))s"` },
    events: [
      {
        subject: 'target',
        event: ev('Warning', 'Unhealthy', '"Liveness probe failed: HTTP probe failed with statuscode: 500"', `mul 3 (${restarts1})`),
      },
      {
        subject: 'target',
        event: ev('Normal', 'Killing', 'printf "Container %s failed liveness probe, will be restarted" $subj', restarts1),
      },
    ],
    status: { subject: 'target', changes: ['exited'] },
  },
  {
    name: 'container-start-error',
    when: `${live} and $fail == "start-failure" and $targetMayStart and (${targetWaiting(['ContainerCreating', 'PodInitializing'])})`,
    delay: { ms: 500, jitterMs: 1000 },
    events: [
      { subject: 'target', event: ev('Normal', 'Pulled', 'printf "Container image %q already present on machine" $c.image', restarts1) },
      { subject: 'target', event: ev('Normal', 'Created', '"Container created"', restarts1) },
      { subject: 'target', event: ev('Warning', 'Failed', 'printf "Error: %s" (get $startErrOf $subj)', restarts1) },
    ],
    status: { subject: 'target', changes: ['startError'] },
  },
  {
    // The first restart after a crash happens at once; later ones wait in CrashLoopBackOff.
    name: 'container-restart-first',
    startsRun: true,
    when: `${live} and $ts.state.terminated != null and ($ts.restartCount // 0) == 0 and $restarts and $fail != "" and $fail != "start-failure"`,
    delay: { ms: 500, jitterMs: 1000 },
    events: [
      { subject: 'target', event: ev('Normal', 'Pulled', 'printf "Container image %q already present on machine" $c.image', '2') },
      { subject: 'target', event: ev('Normal', 'Created', '"Container created"', '2') },
      { subject: 'target', event: ev('Normal', 'Started', '"Container started"', '2') },
    ],
    status: { subject: 'target', changes: ['restarted', 'running'] },
  },
  {
    name: 'container-crashloop-backoff',
    when: `${live} and $ts.state.terminated != null and ((($ts.restartCount // 0) >= 1) or $fail == "start-failure") and $restarts and $fail != ""`,
    delay: { ms: 500, jitterMs: 1000 },
    events: [
      {
        subject: 'target',
        event: ev(
          'Warning',
          'BackOff',
          'printf "Back-off restarting failed container %s in pod %s" $subj $podDesc',
          'atoi (toString $s.restartCount)',
        ),
      },
    ],
    status: { subject: 'target', changes: ['crashLoopBackOff'] },
  },
  {
    name: 'container-restart',
    startsRun: true,
    when: `${live} and (${targetWaiting(['CrashLoopBackOff'])}) and $fail != "start-failure"`,
    delay: { fromJq: '$ts.state.waiting.message | capture("back-off (?<d>[0-9hms]+) restarting").d' },
    events: startEvents('target'),
    status: { subject: 'target', changes: ['restarted', 'running'] },
  },
  {
    name: 'container-restart-start-error',
    when: `${live} and (${targetWaiting(['CrashLoopBackOff'])}) and $fail == "start-failure"`,
    delay: { fromJq: '$ts.state.waiting.message | capture("back-off (?<d>[0-9hms]+) restarting").d' },
    events: [
      { subject: 'target', event: ev('Normal', 'Pulled', 'printf "Container image %q already present on machine" $c.image', restarts1) },
      { subject: 'target', event: ev('Normal', 'Created', '"Container created"', restarts1) },
      { subject: 'target', event: ev('Warning', 'Failed', 'printf "Error: %s" (get $startErrOf $subj)', restarts1) },
    ],
    status: { subject: 'target', changes: ['restarted', 'startError'] },
  },
  // ---- node-pressure eviction (pkg/kubelet/eviction): after running a while the pod is evicted
  // for memory: Failed, reason Evicted, the DisruptionTarget condition, every container killed
  {
    name: 'pod-evict',
    when: `${live} and $fail == "evict" and $ts.state.running != null`,
    delay: { fromJq: `"\\((${'.metadata.annotations["' + SIM.runSeconds + '"]'} // "15"))s"` },
    events: [
      { subject: 'target', event: { ...ev('Warning', 'Evicted', '$evictMsg'), pod: true } },
      { subject: 'target', event: ev('Normal', 'Killing', 'printf "Stopping container %s" $subj') },
    ],
    status: { subject: 'target', changes: ['evicted'], phase: 'Failed', allContainers: true, extra: EVICTED_STATUS },
  },
  // ---- readiness probe failing: Running, not Ready, an Unhealthy event every probe period
  {
    name: 'readiness-probe-fail',
    when: `${live} and $fail == "readiness" and $ts.state.running != null`,
    delay: { ms: 10_000 },
    events: [
      {
        subject: 'target',
        event: ev('Warning', 'Unhealthy', '"Readiness probe failed: HTTP probe failed with statuscode: 503"', 'add1 $attempts'),
      },
    ],
    countAttempt: true,
  },
  // ---- deletion: containers stop, then the kubelet removes the pod (grace 0), never past the grace period
  {
    name: 'pod-delete',
    when: '$p.metadata.deletionTimestamp != null and (($p.metadata.finalizers // []) | length == 0)',
    delay: { fromJq: '[($p.metadata.deletionTimestamp | fromdate), (now + 1)] | min | todate' },
    deleteAfter: true,
  },
];

function podStage(d: StageDef): object {
  const steps: object[] = [];
  for (const e of d.events ?? []) steps.push({ apply: { type: 'merge', template: eventTemplate(e.subject, e.event) } });
  if (d.name === 'pod-accept') steps.push({ patch: { subresource: 'status', root: 'status', template: ACCEPT_TEMPLATE } });
  if (d.status)
    steps.push({
      patch: { subresource: 'status', root: 'status', template: statusTemplate(d.status.subject, d.status.changes, d.status) },
    });
  if (d.countAttempt)
    steps.push({
      patch: { type: 'merge', template: `${PRELUDE}\nmetadata:\n  annotations:\n    ${SIM.attempts}: "{{ add1 $attempts }}"` },
    });
  if (d.startsRun || d.endsRun)
    // (kwok sends no request for a patch that changes nothing: pods without the clock cost nothing)
    steps.push({
      patch: {
        type: 'merge',
        template: `${PRELUDE}\nmetadata:\n{{- if eq (get $ann "${SIM.runClock}" | toString) "on" }}\n  annotations:\n    ${SIM.runningSince}: "${d.startsRun ? '{{ now | unixEpoch }}' : '0'}"\n{{- else }}\n  labels: {}\n{{- end }}`,
      },
    });
  if (d.deleteAfter) steps.push({ delete: true });
  const delay: Record<string, unknown> = {};
  if (d.delay?.ms !== undefined) delay.durationMilliseconds = d.delay.ms;
  if (d.delay?.jitterMs !== undefined)
    delay.jitterDurationMilliseconds = d.delay.ms !== undefined ? d.delay.ms + d.delay.jitterMs : d.delay.jitterMs;
  if (d.delay?.fromJq) delay.durationFrom = { expressionFrom: `${jqDefsForDelay} | ${d.delay.fromJq}` };
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name: d.name },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: 'Pod' },
      selector: selectWhen(d.when),
      ...(Object.keys(delay).length ? { delay } : {}),
      steps,
    },
  };
}

import { DEFS as jqDefsForDelay } from './jq.ts';

// pod-accept: the kubelet has admitted the pod and set up its sandbox.
const ACCEPT_TEMPLATE = `${PRELUDE}
{{- $hasInit := gt (len $initSpecs) 0 }}
{{- $initNames := list }}{{ range $c := $initSpecs }}{{ $initNames = append $initNames $c.name }}{{ end }}
{{- $mainNames := list }}{{ range $c := $mainSpecs }}{{ $mainNames = append $mainNames $c.name }}{{ end }}
phase: Pending
startTime: {{ $now }}
hostIP: {{ NodeIPWith $p.spec.nodeName }}
hostIPs: [{ip: {{ NodeIPWith $p.spec.nodeName }}}]
podIP: {{ PodIPWith $p.spec.nodeName ($p.spec.hostNetwork | default false) $p.metadata.uid $p.metadata.name $p.metadata.namespace }}
{{- if $hasInit }}
initContainerStatuses:
{{- range $c := $initSpecs }}
- {name: {{ $c.name }}, image: {{ $c.image | toJson }}, imageID: "", ready: false, restartCount: 0, started: false, state: {waiting: {reason: PodInitializing}}}
{{- end }}
{{- end }}
containerStatuses:
{{- range $c := $mainSpecs }}
- {name: {{ $c.name }}, image: {{ $c.image | toJson }}, imageID: "", ready: false, restartCount: 0, started: false, state: {waiting: {reason: {{ ternary "PodInitializing" "ContainerCreating" $hasInit }}}}}
{{- end }}
conditions:
- {type: PodReadyToStartContainers, status: "True", lastTransitionTime: {{ $now }}}
- type: Initialized
  status: "{{ ternary "False" "True" $hasInit }}"
  lastTransitionTime: {{ $now }}
  {{- if $hasInit }}
  reason: ContainersNotInitialized
  message: {{ printf "containers with incomplete status: [%s]" (join " " $initNames) | toJson }}
  {{- end }}
- {type: ContainersReady, status: "False", reason: ContainersNotReady, lastTransitionTime: {{ $now }}, message: {{ printf "containers with unready status: [%s]" (join " " $mainNames) | toJson }}}
- {type: Ready, status: "False", reason: ContainersNotReady, lastTransitionTime: {{ $now }}, message: {{ printf "containers with unready status: [%s]" (join " " $mainNames) | toJson }}}`;

/** The node's conditions as the kubelet posts them (pkg/kubelet/nodestatus/setters.go), with its Ready line. */
const nodeConditions = (ready: string) => `
{{- $now := dateInZone "2006-01-02T15:04:05Z" (now) "UTC" }}
{{- $since := .metadata.creationTimestamp }}
conditions:
- ${ready}
- {type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory, message: kubelet has sufficient memory available, lastHeartbeatTime: {{ $now }}, lastTransitionTime: {{ $since }}}
- {type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure, message: kubelet has no disk pressure, lastHeartbeatTime: {{ $now }}, lastTransitionTime: {{ $since }}}
- {type: PIDPressure, status: "False", reason: KubeletHasSufficientPID, message: kubelet has sufficient PID available, lastHeartbeatTime: {{ $now }}, lastTransitionTime: {{ $since }}}`;
const NODE_CONDITIONS = nodeConditions(
  '{type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status, lastHeartbeatTime: {{ $now }}, lastTransitionTime: {{ $since }}}',
);
// a node whose simulated kubelet reports it NotReady (its CNI plugin not ready)
const NOT_READY_CONDITIONS = nodeConditions(
  '{type: Ready, status: "False", reason: KubeletNotReady, message: "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized", lastHeartbeatTime: {{ $now }}, lastTransitionTime: {{ $now }}}',
);
/** What the kubelet reports about itself besides conditions. */
const NODE_ENDPOINTS = `
addresses:
- {type: InternalIP, address: {{ NodeIP }}}
daemonEndpoints:
  kubeletEndpoint:
    Port: {{ NodePort }}
phase: Running`;
const sick = `((.metadata.annotations // {})["${SIM.nodeFail}"] // "") != ""`;
const readyIs = (status: string) => `(([.status.conditions[]? | select(.type == "Ready") | .status] | first) == "${status}")`;

const NODE_STAGES = [
  {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name: 'node-network-not-ready' },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: 'Node' },
      selector: {
        matchExpressions: [{ jq: { key: `(${sick}) and (${readyIs('True')})`, operator: 'In', values: ['true'] } }],
      },
      // it runs its pods for a while first: the node controller marks pods not ready (and
      // taints the node) when Ready goes from True to False
      delay: { durationMilliseconds: 20_000 },
      steps: [
        {
          patch: {
            subresource: 'status',
            root: 'status',
            template: `${NOT_READY_CONDITIONS}${NODE_ENDPOINTS}`,
          },
        },
      ],
    },
  },
  {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name: 'node-initialize' },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: 'Node' },
      selector: {
        matchExpressions: [
          {
            jq: {
              // not ready yet, except a sick node once it has gone NotReady
              key: `(${readyIs('True')} | not) and (((${sick}) and ${readyIs('False')}) | not)`,
              operator: 'In',
              values: ['true'],
            },
          },
        ],
      },
      steps: [
        {
          patch: {
            subresource: 'status',
            root: 'status',
            template: `${NODE_CONDITIONS}${NODE_ENDPOINTS}`,
          },
        },
      ],
    },
  },
  {
    // Leases carry liveness; the status heartbeat only needs to be occasional.
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name: 'node-heartbeat' },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: 'Node' },
      selector: {
        matchExpressions: [
          {
            jq: {
              key: `([.status.conditions[]? | select(.type == "Ready") | .status] | first == "True") and ((${sick}) | not)`,
              operator: 'In',
              values: ['true'],
            },
          },
        ],
      },
      delay: { durationMilliseconds: 60_000, jitterDurationMilliseconds: 70_000 },
      steps: [{ patch: { subresource: 'status', root: 'status', template: NODE_CONDITIONS } }],
    },
  },
];

// An ephemeral (debug) container added to a running pod (kubectl debug, Podscope's shell tab):
// the kubelet pulls, creates and starts it, and reports it in ephemeralContainerStatuses (a list
// of its own, which no other stage writes). Ephemeral containers never restart.
const EPHEMERAL_TEMPLATE = `
{{- $now := dateInZone "2006-01-02T15:04:05Z" (now) "UTC" }}
{{- $had := dict }}{{ range $s := (.status.ephemeralContainerStatuses | default list) }}{{ $_ := set $had $s.name $s }}{{ end }}
ephemeralContainerStatuses:
{{- range $c := .spec.ephemeralContainers }}
{{- with get $had $c.name }}
- {{ toJson . }}
{{- else }}
- {name: {{ $c.name }}, image: {{ $c.image | toJson }}, imageID: "", ready: false, restartCount: 0, state: {running: {startedAt: {{ $now }}}}}
{{- end }}
{{- end }}`;
const EPHEMERAL_EVENTS = (['Pulled', 'Created', 'Started'] as const).map((reason) => ({
  apply: {
    type: 'merge',
    template: `
{{- $p := . }}
{{- $now := dateInZone "2006-01-02T15:04:05Z" (now) "UTC" }}
{{- $had := dict }}{{ range $s := ($p.status.ephemeralContainerStatuses | default list) }}{{ $_ := set $had $s.name true }}{{ end }}
{{- $new := "" }}{{ $image := "" }}{{ range $c := $p.spec.ephemeralContainers }}{{ if and (not $new) (not (hasKey $had $c.name)) }}{{ $new = $c.name }}{{ $image = $c.image }}{{ end }}{{ end }}
apiVersion: v1
kind: Event
metadata:
  name: {{ printf "%s.%s" $p.metadata.name (sha256sum (printf "%s/%s/${reason}" $p.metadata.uid $new) | trunc 16) }}
  namespace: {{ $p.metadata.namespace }}
involvedObject: {apiVersion: v1, kind: Pod, name: {{ $p.metadata.name }}, namespace: {{ $p.metadata.namespace }}, uid: {{ $p.metadata.uid }}, fieldPath: {{ printf "spec.ephemeralContainers{%s}" $new | toJson }}}
reason: ${reason}
message: ${reason === 'Pulled' ? '{{ printf "Container image %q already present on machine" $image | toJson }}' : `"Container ${reason.toLowerCase()}"`}
type: Normal
source: {component: kubelet, host: {{ $p.spec.nodeName }}}
reportingComponent: kubelet
reportingInstance: {{ $p.spec.nodeName }}
firstTimestamp: {{ $now }}
lastTimestamp: {{ $now }}
count: 1`,
  },
}));
const EPHEMERAL_STAGE = {
  apiVersion: 'kwok.x-k8s.io/v1alpha1',
  kind: 'Stage',
  metadata: { name: 'pod-ephemeral-start' },
  spec: {
    resourceRef: { apiGroup: 'v1', kind: 'Pod' },
    selector: selectWhen(
      `${live} and ((($p.spec.ephemeralContainers // []) | length) > (($p.status.ephemeralContainerStatuses // []) | length))`,
    ),
    delay: { durationMilliseconds: 300, jitterDurationMilliseconds: 800 },
    steps: [...EPHEMERAL_EVENTS, { patch: { subresource: 'status', root: 'status', template: EPHEMERAL_TEMPLATE } }],
  },
};

export function allStages(): object[] {
  return [...NODE_STAGES, ...POD_STAGES.map(podStage), EPHEMERAL_STAGE];
}
