// Go-template building blocks (text/template + sprig, as kwok renders them) for our kubelet
// simulation. Every pod status template is built from the same pieces: a prelude that reads
// the pod, a loop that rebuilds both container status lists (kwok replaces them whole), a
// per-container change, and pod conditions and phase recomputed from the result, so the
// conditions a stage writes can never disagree with the container states it writes.
import { SIM } from './convention.ts';

const FAIL_AT_START = '(list "image-not-found" "image-unauthorized" "image-unreachable" "config-error" "start-failure")';

export const PRELUDE = `
{{- $p := . }}
{{- $now := dateInZone "2006-01-02T15:04:05Z" (now) "UTC" }}
{{- $ann := $p.metadata.annotations | default dict }}
{{- $fail := get $ann "${SIM.fail}" | toString }}
{{- $target := get $ann "${SIM.container}" | default (index $p.spec.containers 0).name }}
{{- $failsAtStart := has $fail ${FAIL_AT_START} }}
{{- $attempts := get $ann "${SIM.attempts}" | default "0" | atoi }}
{{- $podDesc := printf "%s_%s(%s)" $p.metadata.name $p.metadata.namespace $p.metadata.uid }}
{{- /* node-pressure eviction, as pkg/kubelet/eviction/helpers.go words it (trailing space included) */}}
{{- $evictReq := "0" }}{{ range $c := $p.spec.containers }}{{ if eq $c.name $target }}{{ with $c.resources }}{{ with .requests }}{{ with .memory }}{{ $evictReq = . }}{{ end }}{{ end }}{{ end }}{{ end }}{{ end }}
{{- $evictMsg := printf "The node was low on resource: memory. Threshold quantity: 100Mi, available: 87Mi. Container %s was using %s, request is %s, has larger consumption of memory. " $target (get $ann "${SIM.usage}" | default "612Mi") $evictReq }}
{{- $initSpecs := $p.spec.initContainers | default list }}
{{- $mainSpecs := $p.spec.containers }}
{{- $initSt := $p.status.initContainerStatuses | default list }}
{{- $mainSt := $p.status.containerStatuses | default list }}
{{- $specOf := dict }}
{{- range $c := $initSpecs }}{{ $_ := set $specOf $c.name $c }}{{ end }}
{{- range $c := $mainSpecs }}{{ $_ := set $specOf $c.name $c }}{{ end }}
{{- $kindOf := dict }}
{{- range $c := $initSpecs }}{{ $_ := set $kindOf $c.name "initContainers" }}{{ end }}
{{- range $c := $mainSpecs }}{{ $_ := set $kindOf $c.name "containers" }}{{ end }}
{{- $stOf := dict }}
{{- range $s := $initSt }}{{ $_ := set $stOf $s.name $s }}{{ end }}
{{- range $s := $mainSt }}{{ $_ := set $stOf $s.name $s }}{{ end }}
{{- $nextInit := "" }}
{{- range $i, $s := $initSt }}
  {{- if not $nextInit }}
    {{- $sc := index $initSpecs $i }}
    {{- $done := or (and $s.state.terminated (eq (toString $s.state.terminated.exitCode) "0")) (and (eq (toString $s.started) "true") (eq (toString $sc.restartPolicy) "Always")) }}
    {{- if not $done }}{{ $nextInit = $s.name }}{{ end }}
  {{- end }}
{{- end }}
{{- $nextMain := "" }}
{{- range $s := $mainSt }}
  {{- if and (not $nextMain) $s.state.waiting (has (toString $s.state.waiting.reason) (list "ContainerCreating" "PodInitializing")) (not (and (eq $s.name $target) $failsAtStart)) }}{{ $nextMain = $s.name }}{{ end }}
{{- end }}
{{- /* the normalised image reference a container runtime reports, e.g. docker.io/library/nginx:latest */}}
{{- $refOf := dict }}
{{- range $name, $c := $specOf }}
  {{- $img := $c.image }}
  {{- $parts := splitList "/" $img }}
  {{- if or (eq (len $parts) 1) (not (regexMatch "[.:]|^localhost$" (first $parts))) }}
    {{- if eq (len $parts) 1 }}{{ $img = printf "docker.io/library/%s" $img }}{{ else }}{{ $img = printf "docker.io/%s" $img }}{{ end }}
  {{- end }}
  {{- if and (not (contains "@" $img)) (not (contains ":" (last (splitList "/" $img)))) }}{{ $img = printf "%s:latest" $img }}{{ end }}
  {{- $_ := set $refOf $name $img }}
{{- end }}
{{- /* per container: the messages a runtime or kubelet would write for each simulated failure */}}
{{- $pullErrOf := dict }}{{ $startErrOf := dict }}{{ $configErrOf := dict }}{{ $backoffOf := dict }}
{{- range $name, $c := $specOf }}
  {{- $ref := get $refOf $name }}
  {{- $host := first (splitList "/" $ref) }}
  {{- $repo := regexReplaceAll "^[^/]+/" (regexReplaceAll "[:@][^/]*$" $ref "") "" }}
  {{- $tag := regexReplaceAll "^.*[:@]" $ref "" }}
  {{- $resolve := printf "rpc error: code = %s desc = failed to pull and unpack image %q: failed to resolve reference %q: " (ternary "NotFound" "Unknown" (eq $fail "image-not-found")) $ref $ref }}
  {{- if eq $fail "image-not-found" }}{{ $_ := set $pullErrOf $name (printf "%s%s: not found" $resolve $ref) }}
  {{- else if eq $fail "image-unauthorized" }}{{ $_ := set $pullErrOf $name (printf "%spull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed" $resolve) }}
  {{- else }}{{ $_ := set $pullErrOf $name (printf "%sfailed to do request: Head %q: dial tcp: lookup %s on 10.96.0.10:53: no such host" $resolve (printf "https://%s/v2/%s/manifests/%s" $host $repo $tag) $host) }}{{ end }}
  {{- $cmd := "/app/server" }}{{ if $c.command }}{{ $cmd = first $c.command }}{{ end }}
  {{- $_ := set $startErrOf $name (printf "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: %q: executable file not found in $PATH: unknown" $cmd) }}
  {{- $kind := "" }}{{ $obj := "" }}{{ $key := "" }}
  {{- range $e := ($c.env | default list) }}
    {{- if and (not $kind) $e.valueFrom }}
      {{- if $e.valueFrom.secretKeyRef }}{{ $kind = "Secret" }}{{ $obj = $e.valueFrom.secretKeyRef.name }}{{ $key = $e.valueFrom.secretKeyRef.key }}
      {{- else if $e.valueFrom.configMapKeyRef }}{{ $kind = "ConfigMap" }}{{ $obj = $e.valueFrom.configMapKeyRef.name }}{{ $key = $e.valueFrom.configMapKeyRef.key }}{{ end }}
    {{- end }}
  {{- end }}
  {{- range $e := ($c.envFrom | default list) }}
    {{- if and (not $kind) $e.secretRef }}{{ $kind = "Secret" }}{{ $obj = $e.secretRef.name }}{{ else if and (not $kind) $e.configMapRef }}{{ $kind = "ConfigMap" }}{{ $obj = $e.configMapRef.name }}{{ end }}
  {{- end }}
  {{- if not $kind }}{{ $kind = "Secret" }}{{ $obj = "app-secrets" }}{{ end }}
  {{- if and (eq (get $ann "${SIM.missing}" | toString) "key") $key }}{{ $_ := set $configErrOf $name (printf "couldn't find key %s in %s %s/%s" $key $kind $p.metadata.namespace $obj) }}
  {{- else }}{{ $_ := set $configErrOf $name (printf "%s %q not found" (lower $kind) $obj) }}{{ end }}
  {{- $rc := 0 }}{{ with get $stOf $name }}{{ $rc = atoi (toString .restartCount) }}{{ end }}
  {{- $d := 10 }}{{ range until (int (sub $rc 1)) }}{{ $d = mul $d 2 }}{{ end }}{{ if gt $d 300 }}{{ $d = 300 }}{{ end }}
  {{- $_ := set $backoffOf $name (ternary (printf "%ds" $d) (printf "%dm%ds" (div $d 60) (mod $d 60)) (lt $d 60)) }}
{{- end }}`;

/** Sets $subj to the name of the container a stage acts on. */
export const SUBJECT = {
  target: '{{- $subj := $target }}',
  nextInit: '{{- $subj := $nextInit }}',
  nextMain: '{{- $subj := $nextMain }}',
} as const;
export type Subject = keyof typeof SUBJECT;

/** Go template statements that mutate `$s` (a deep copy of the subject's status). */
export const CHANGE = {
  running: `
    {{- $_ := set $s "state" (dict "running" (dict "startedAt" $now)) }}
    {{- $_ := set $s "started" true }}
    {{- $_ := set $s "containerID" (printf "containerd://%s" (sha256sum (printf "%s/%s/%v" $p.metadata.uid $s.name $s.restartCount))) }}
    {{- $_ := set $s "imageID" (printf "%s@sha256:%s" (regexReplaceAll ":[^:/]*$" (get $refOf $s.name) "") (sha256sum (get $refOf $s.name))) }}
    {{- $ready := true }}
    {{- if and (eq $s.name $target) (eq $fail "readiness") }}{{ $ready = false }}{{ end }}
    {{- if and (eq (get $kindOf $s.name) "initContainers") (ne (toString (get $specOf $s.name).restartPolicy) "Always") }}{{ $ready = false }}{{ end }}
    {{- $_ := set $s "ready" $ready }}`,
  /** a restart after a crash: a new container instance; the previous one becomes lastState */
  restarted: `
    {{- $_ := set $s "restartCount" (add1 (atoi (toString $s.restartCount))) }}
    {{- if $s.state.terminated }}{{ $_ := set $s "lastState" (dict "terminated" $s.state.terminated) }}{{ end }}`,
  completed: `
    {{- $_ := set $s "state" (dict "terminated" (dict "exitCode" 0 "reason" "Completed" "startedAt" (dig "state" "running" "startedAt" $now $s) "finishedAt" $now "containerID" ($s.containerID | default ""))) }}
    {{- $_ := set $s "ready" false }}
    {{- $_ := set $s "started" false }}`,
  /** the subject's process exits, as chosen by the simulation annotations */
  exited: `
    {{- $code := 1 }}{{ $reason := "Error" }}
    {{- if eq $fail "crash" }}{{ $code = get $ann "${SIM.exitCode}" | default "1" | atoi }}{{ if eq $code 0 }}{{ $reason = "Completed" }}{{ end }}{{ end }}
    {{- if eq $fail "oom" }}{{ $code = 137 }}{{ $reason = "OOMKilled" }}{{ end }}
    {{- if eq $fail "liveness" }}{{ $code = 137 }}{{ end }}
    {{- $_ := set $s "state" (dict "terminated" (dict "exitCode" $code "reason" $reason "startedAt" (dig "state" "running" "startedAt" $now $s) "finishedAt" $now "containerID" ($s.containerID | default ""))) }}
    {{- $_ := set $s "ready" false }}
    {{- $_ := set $s "started" false }}`,
  /** killed by the kubelet's eviction (hard threshold: no grace, SIGKILL) */
  evicted: `
    {{- $_ := set $s "state" (dict "terminated" (dict "exitCode" 137 "reason" "Error" "startedAt" (dig "state" "running" "startedAt" $now $s) "finishedAt" $now "containerID" ($s.containerID | default ""))) }}
    {{- $_ := set $s "ready" false }}
    {{- $_ := set $s "started" false }}`,
  startError: `
    {{- $_ := set $s "containerID" (printf "containerd://%s" (sha256sum (printf "%s/%s/%v" $p.metadata.uid $s.name $s.restartCount))) }}
    {{- $_ := set $s "state" (dict "terminated" (dict "exitCode" 128 "reason" "StartError" "message" (get $startErrOf $s.name) "startedAt" "1970-01-01T00:00:00Z" "finishedAt" $now "containerID" $s.containerID)) }}
    {{- $_ := set $s "ready" false }}
    {{- $_ := set $s "started" false }}`,
  crashLoopBackOff: `
    {{- $_ := set $s "lastState" (dict "terminated" $s.state.terminated) }}
    {{- $_ := set $s "state" (dict "waiting" (dict "reason" "CrashLoopBackOff" "message" (printf "back-off %s restarting failed container=%s pod=%s" (get $backoffOf $s.name) $s.name $podDesc))) }}`,
  errImagePull: `
    {{- $_ := set $s "state" (dict "waiting" (dict "reason" "ErrImagePull" "message" (get $pullErrOf $s.name))) }}`,
  imagePullBackOff: `
    {{- $_ := set $s "state" (dict "waiting" (dict "reason" "ImagePullBackOff" "message" (printf "Back-off pulling image %q: ErrImagePull: %s" $c.image (get $pullErrOf $s.name)))) }}`,
  configError: `
    {{- $_ := set $s "state" (dict "waiting" (dict "reason" "CreateContainerConfigError" "message" (get $configErrOf $s.name))) }}`,
} as const;
export type Change = keyof typeof CHANGE;

/** One status list rebuilt: a copy of each status, with `apply` run on those matching `cond`. */
function rebuild(out: string, statuses: string, specs: string, cond: string, apply: string): string {
  return `{{- ${out} := list }}
{{- range $i, $orig := ${statuses} }}
  {{- $s := deepCopy $orig }}{{ $c := index ${specs} $i }}
  {{- if ${cond} }}${apply}{{ end }}
  {{- ${out} = append ${out} $s }}
{{- end }}`;
}

/**
 * A status template: rebuild both status lists applying `change` to the subject, then derive
 * phase and the Initialized / ContainersReady / Ready conditions from the result.
 * `final` optionally overrides the phase (e.g. Succeeded).
 */
export function statusTemplate(
  subject: Subject,
  changes: Change[],
  opts: { phase?: 'Succeeded' | 'Failed'; allContainers?: boolean; extra?: string } = {},
): string {
  const apply = changes.map((c) => CHANGE[c]).join('');
  const isSubject = '(eq $s.name $subj)';
  const isMainSubject = opts.allContainers ? 'true' : isSubject;
  return `${PRELUDE}
${SUBJECT[subject]}
${rebuild('$newInit', '$initSt', '$initSpecs', isSubject, apply)}
${rebuild('$newMain', '$mainSt', '$mainSpecs', isMainSubject, apply)}
{{- $initDone := true }}
{{- range $i, $s := $newInit }}
  {{- $sc := index $initSpecs $i }}
  {{- if not (or (and $s.state.terminated (eq (toString $s.state.terminated.exitCode) "0")) (and (eq (toString $s.started) "true") (eq (toString $sc.restartPolicy) "Always"))) }}{{ $initDone = false }}{{ end }}
{{- end }}
{{- $unready := list }}{{ $anyRunning := false }}{{ $allTerminated := true }}{{ $anyFailed := false }}
{{- range $s := $newMain }}
  {{- if not $s.ready }}{{ $unready = append $unready $s.name }}{{ end }}
  {{- if $s.state.running }}{{ $anyRunning = true }}{{ end }}
  {{- if not $s.state.terminated }}{{ $allTerminated = false }}{{ else if ne (toString $s.state.terminated.exitCode) "0" }}{{ $anyFailed = true }}{{ end }}
{{- end }}
{{- range $i, $s := $newInit }}
  {{- if and (eq (toString (index $initSpecs $i).restartPolicy) "Always") (not $s.ready) }}{{ $unready = append $unready $s.name }}{{ end }}
{{- end }}
{{- $phase := $p.status.phase | default "Pending" }}
{{- if and $initDone $anyRunning }}{{ $phase = "Running" }}{{ end }}
${opts.phase ? `{{- $phase = "${opts.phase}" }}` : `{{- if and $allTerminated (eq (toString $p.spec.restartPolicy) "Never") }}{{ if $anyFailed }}{{ $phase = "Failed" }}{{ else }}{{ $phase = "Succeeded" }}{{ end }}{{ end }}`}
{{- $terminal := has $phase (list "Succeeded" "Failed") }}
{{- $readyStatus := ternary "True" "False" (and (not $terminal) $initDone (eq (len $unready) 0)) }}
{{- $oldCond := dict }}
{{- range $cond := ($p.status.conditions | default list) }}{{ $_ := set $oldCond $cond.type $cond.status }}{{ end }}
phase: {{ $phase }}
{{- if $newInit }}
initContainerStatuses: {{ toJson $newInit }}
{{- end }}
containerStatuses: {{ toJson $newMain }}
conditions:
- type: Initialized
  status: "{{ ternary "True" "False" $initDone }}"
  {{- if not $initDone }}
  reason: ContainersNotInitialized
  message: {{ printf "containers with incomplete status: [%s]" $nextInit | toJson }}
  {{- else }}
  reason: null
  message: null
  {{- end }}
  {{- if ne (get $oldCond "Initialized") (ternary "True" "False" $initDone) }}
  lastTransitionTime: {{ $now }}
  {{- end }}
{{- range $type := list "ContainersReady" "Ready" }}
- type: {{ $type }}
  status: "{{ $readyStatus }}"
  {{- if eq $readyStatus "True" }}
  reason: null
  message: null
  {{- else if $terminal }}
  reason: {{ ternary "PodCompleted" "PodFailed" (eq $phase "Succeeded") }}
  message: null
  {{- else }}
  reason: ContainersNotReady
  message: {{ printf "containers with unready status: [%s]" (join " " $unready) | toJson }}
  {{- end }}
  {{- if ne (get $oldCond $type) $readyStatus }}
  lastTransitionTime: {{ $now }}
  {{- end }}
{{- end }}${opts.extra ?? ''}`;
}

/** What an eviction adds to the status: the DisruptionTarget condition, status.reason and message. */
export const EVICTED_STATUS = `
- type: DisruptionTarget
  status: "True"
  reason: TerminationByKubelet
  message: {{ $evictMsg | toJson }}
  lastTransitionTime: {{ $now }}
reason: Evicted
message: {{ $evictMsg | toJson }}`;

export interface EventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  /** Go template expression (inside {{ }}) evaluating to the message; may use $c, $s, $p, $subj. */
  message: string;
  /** Go template expression for the aggregated count of this event (the kubelet's recorder aggregates identical events). */
  count: string;
  /** about the pod as a whole (no container fieldPath), like Evicted */
  pod?: boolean;
}

/**
 * An Event object as the kubelet's recorder writes it: involvedObject with the container's
 * fieldPath, source kubelet on the node, and a stable name per (pod, container, reason, message)
 * so that repeats update count and lastTimestamp of the same Event, as the real recorder does.
 */
export function eventTemplate(subject: Subject, e: EventSpec): string {
  return `${PRELUDE}
${SUBJECT[subject]}
{{- $c := get $specOf $subj }}{{ $s := get $stOf $subj | default dict }}
{{- $msg := ${e.message} }}
{{- $count := ${e.count} }}
apiVersion: v1
kind: Event
metadata:
  name: {{ printf "%s.%s" $p.metadata.name (sha256sum (printf "%s/%s/%s/%s" $p.metadata.uid $subj "${e.reason}" $msg) | trunc 16) }}
  namespace: {{ $p.metadata.namespace }}
involvedObject:
  apiVersion: v1
  kind: Pod
  name: {{ $p.metadata.name }}
  namespace: {{ $p.metadata.namespace }}
  uid: {{ $p.metadata.uid }}${
    e.pod
      ? ''
      : `
  fieldPath: {{ printf "spec.%s{%s}" (get $kindOf $subj) $subj | toJson }}`
  }
reason: ${e.reason}
message: {{ $msg | toJson }}
type: ${e.type}
source:
  component: kubelet
  host: {{ $p.spec.nodeName }}
reportingComponent: kubelet
reportingInstance: {{ $p.spec.nodeName }}
count: {{ $count }}
{{- if le (int $count) 1 }}
firstTimestamp: {{ $now }}
{{- end }}
lastTimestamp: {{ $now }}`;
}
