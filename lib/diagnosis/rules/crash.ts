// Containers that keep dying, by cause: OOM kill, liveness-probe kill, another SIGKILL, failure
// to start, an app error, or a process that exits 0 where Kubernetes expects it to keep running.
import { decodeExitCode } from '../exit-codes';
import type { Evidence, Finding, Rule } from '../types';
import { sh } from '../../text/shell';
import { yamlScalar } from '../../text/yaml';
import { containerLabel, podContainers as containers } from '../../k8s/containers';
import { fmtDuration } from '../../k8s/duration';
import { CRASHLOOP_RESET_MS } from '../../k8s/kubelet';
import { isoTime as iso, timeMs as ms } from '../../k8s/time';
import { topOwner } from '../../k8s/owners';
import { editTarget, eventEvidence, eventsFor, nsFlag, podArgs, podRef } from '../util';

const ERRORISH = /(error|exception|fatal|panic|fail|refused|denied|cannot|can't|unable|killed|segmentation|oom|out of memory|timeout)/i;

export function parseBackoff(message: string | undefined): number | undefined {
  const m = /back-off (?:(\d+)m)?(\d+)s restarting/.exec(message ?? '');
  return m ? (Number(m[1] ?? 0) * 60 + Number(m[2])) * 1000 : undefined;
}

export const crashRule: Rule = ({ pod, events, logs, now, owners }) => {
  const out: Finding[] = [];
  // containers the kubelet stops on purpose are no crash: a pod being deleted, or one that finished
  if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Succeeded') return out;
  for (const c of containers(pod)) {
    const s = c.status;
    if (!s) continue;
    if (c.kind === 'sidecar' && pod.status?.phase === 'Failed') continue;
    const waiting = s.state?.waiting;
    const current = s.state?.terminated;
    const last = s.lastState?.terminated;
    const looping =
      waiting?.reason === 'CrashLoopBackOff' || waiting?.reason === 'RunContainerError' || waiting?.reason === 'PostStartHookError';
    // a container that exited with an error and is not (yet) in back-off also counts, as does a completed one under restartPolicy Always
    // running again right now, but it died within the last 10 minutes: still a crash loop, between crashes
    const lastMs = ms(last?.finishedAt);
    const between = !!(
      s.state?.running &&
      last &&
      (s.restartCount ?? 0) >= 1 &&
      lastMs !== undefined &&
      now - lastMs < CRASHLOOP_RESET_MS &&
      (last.exitCode !== 0 || last.reason === 'OOMKilled' || pod.spec?.restartPolicy !== 'Never')
    );
    const always = c.kind === 'sidecar' || (pod.spec?.restartPolicy ?? 'Always') === 'Always';
    const term =
      current && (current.exitCode !== 0 || (c.kind !== 'init' && always && pod.status?.phase === 'Running'))
        ? current
        : looping || between
          ? last
          : undefined;
    if (!term) continue;
    if (!looping && (s.restartCount ?? 0) === 0 && term.exitCode === 0) continue;
    const evs = eventsFor(events, c.name);
    const finished = ms(term.finishedAt);
    const started = ms(term.startedAt);
    const ran = started !== undefined && finished !== undefined && started > 0 ? finished - started : undefined;
    const near = (t?: string) => {
      const x = ms(t);
      return x !== undefined && finished !== undefined && Math.abs(x - finished) < 5 * 60_000;
    };
    const killing = evs.find((e) => e.reason === 'Killing' && /failed (liveness|startup) probe/.test(e.message));
    const unhealthy = evs.find((e) => e.reason === 'Unhealthy' && /^(Liveness|Startup) probe failed/.test(e.message));
    const livenessKill =
      !!(killing && (near(killing.lastSeen) || near(killing.firstSeen))) ||
      !!(unhealthy && term.exitCode !== 0 && term.reason !== 'OOMKilled' && near(unhealthy.lastSeen));
    // kuberuntime_container.go: a failed postStart hook is a Warning FailedPostStartHook event
    // ("PostStartHook failed", no details), a kill, and waiting.reason PostStartHookError
    const hookFailed =
      waiting?.reason === 'PostStartHookError' ||
      evs.some((e) => e.reason === 'FailedPostStartHook' && (near(e.lastSeen) || near(e.firstSeen)));
    const probeKind =
      /startup probe/i.test(`${killing?.message ?? ''} ${unhealthy?.message ?? ''}`) && !/liveness probe/i.test(killing?.message ?? '')
        ? 'startup'
        : 'liveness';
    const backoff = parseBackoff(waiting?.message);
    const evidence: Evidence[] = [];
    if (waiting)
      evidence.push({ source: `${c.statusPath}.state.waiting`, text: `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` });
    evidence.push({
      source: `${c.statusPath}.${term === current ? 'state' : 'lastState'}.terminated`,
      text: `reason ${term.reason ?? '(none)'}, exit code ${term.exitCode}${term.signal ? `, signal ${term.signal}` : ''}, started ${iso(term.startedAt) ?? '?'}, finished ${iso(term.finishedAt) ?? '?'}${ran !== undefined ? ` (ran ${fmtDuration(ran)})` : ''}${term.message ? `; ${term.message}` : ''}`,
    });
    evidence.push({ source: `${c.statusPath}.restartCount`, text: String(s.restartCount ?? 0) });
    for (const e of [killing, unhealthy, evs.find((e) => e.reason === 'BackOff')].filter(Boolean)) evidence.push(eventEvidence(e!));
    const prevLog = (logs?.previous?.[c.name] ?? []).filter(Boolean);
    const errLines = prevLog.filter((l) => ERRORISH.test(l)).slice(-3);
    for (const l of errLines.length ? errLines : prevLog.slice(-2)) evidence.push({ source: `log (previous) ${c.name}`, text: l });
    const limit = c.spec.resources?.limits?.memory;
    const request = c.spec.resources?.requests?.memory;
    const nextRestart = backoff !== undefined && finished !== undefined ? finished + backoff : undefined;
    const stage =
      backoff !== undefined
        ? ` The kubelet waits ${fmtDuration(backoff)} before the next restart${nextRestart ? (nextRestart > now ? ` (due in about ${fmtDuration(nextRestart - now)})` : ' (due now)') : ''}; the delay doubles per crash up to 5 min and resets after 10 min of running.`
        : '';
    const who = containerLabel(c);
    const ranText = ran !== undefined ? ` after running ${fmtDuration(ran)}` : '';
    const restarts = s.restartCount ?? 0;
    const base = { category: 'crash' as const, confidence: 'high' as const, container: c.name, evidence };
    const cmdPrev = sh`kubectl logs ${podRef(pod)} -c ${c.name} --previous`;
    const jsonpath = (field: string) => `jsonpath={.spec.containers[?(@.name=="${c.name}")].${field}}`;
    const cmdDebug = sh`kubectl debug ${podArgs(pod)} -it --copy-to=${`${pod.metadata?.name}-debug`} --container=${c.name} -- sh`;

    if (term.reason === 'OOMKilled') {
      out.push({
        ...base,
        id: 'crash.oom-killed',
        severity: 'critical',
        title: `${who} is OOMKilled: it exceeds its ${limit ? `${limit} ` : ''}memory limit`,
        explanation: `The kernel killed ${who} (exit ${term.exitCode}, reason OOMKilled)${ranText}; it has restarted ${restarts} time${restarts === 1 ? '' : 's'}.${limit ? ` Its memory limit is ${limit}${request ? `, its request ${request}` : ' and it requests no memory'}.` : ' It has no memory limit of its own, so the limit came from a LimitRange or the node ran out.'}${stage}`,
        causes: [
          'the working set legitimately needs more than the limit (cache, heap, large inputs)',
          'a memory leak',
          `the runtime's heap is not sized to the container (e.g. JVM -Xmx, Node --max-old-space-size)`,
        ],
        remedies: [
          {
            text: 'Raise the limit (and set the request to the real usage)',
            snippet: `resources:\n  requests:\n    memory: ${request ? yamlScalar(request) : '<measured usage>'}\n  limits:\n    memory: <more than peak usage>`,
          },
          {
            text: `Raise the memory limit of ${who} on ${topOwner(pod, owners).kind} ${topOwner(pod, owners).name}`,
            command: sh`kubectl ${nsFlag(pod)} set resources ${editTarget(pod, owners)} -c ${c.name} --limits=${'memory=<more than peak usage>'}`,
          },
          { text: 'Look at what it was doing when killed', command: cmdPrev },
          { text: 'Measure actual usage', command: sh`kubectl top pod ${podArgs(pod)} --containers` },
        ],
      });
      continue;
    }
    if (hookFailed) {
      const detail = waiting?.reason === 'PostStartHookError' ? waiting.message : undefined;
      out.push({
        ...base,
        id: 'crash.poststart-hook',
        severity: 'critical',
        title: `${who} is killed because its postStart hook fails`,
        explanation: `The kubelet runs the postStart hook right after the container starts and kills the container when the hook fails; it has restarted ${restarts} time${restarts === 1 ? '' : 's'}.${detail ? ` The kubelet recorded: ${detail.slice(0, 300)}` : " (The event carries no details, by design: the hook's output could hold secrets.)"}${stage}`,
        causes: [
          'the hook command is missing from the image or exits non-zero',
          'an HTTP hook targets a port the app does not serve yet (postStart runs concurrently with the entrypoint)',
        ],
        remedies: [
          { text: 'See the hook', command: sh`kubectl get ${podRef(pod)} -o ${jsonpath('lifecycle.postStart')}` },
          { text: 'Make the hook tolerate start-up (retry, or move the work into the entrypoint)' },
        ],
      });
      continue;
    }
    if (livenessKill) {
      out.push({
        ...base,
        id: probeKind === 'startup' ? 'crash.startup-probe-kill' : 'crash.liveness-kill',
        severity: 'critical',
        title: `${who} is killed by its ${probeKind} probe`,
        explanation: `The kubelet restarted ${who} because its ${probeKind} probe failed (Killing/Unhealthy events at the time it exited with ${term.exitCode}, reason ${term.reason ?? 'none'}). This is not an OOM kill: the reason is not OOMKilled.${ranText ? ` It ran${ranText}.` : ''}${probeKind === 'startup' ? ' A startup probe that fails failureThreshold × periodSeconds after start kills the container before it ever serves.' : ''}${stage}`,
        causes: [
          'the application hangs or is too slow to answer the probe (overload, deadlock, long GC)',
          'the probe checks the wrong port/path, or its timeout/initialDelay is too short for start-up',
          'the probe depends on a downstream service that is down',
        ],
        remedies: [
          {
            text: 'Compare the probe with what the app serves',
            command: sh`kubectl get ${podRef(pod)} -o ${jsonpath(`${probeKind}Probe`)}`,
          },
          {
            text: 'Give slow starts room: add a startupProbe, or raise timeoutSeconds / failureThreshold',
            snippet: 'startupProbe:\n  httpGet: {path: /healthz, port: 8080}\n  failureThreshold: 30\n  periodSeconds: 5',
          },
          { text: 'See what it logged before being killed', command: cmdPrev },
        ],
      });
      continue;
    }
    if (
      term.reason === 'StartError' ||
      term.reason === 'ContainerCannotRun' ||
      [126, 127, 128].includes(term.exitCode) ||
      waiting?.reason === 'RunContainerError'
    ) {
      const notFound = /executable file not found|no such file or directory|not found/.test(
        `${term.message ?? ''} ${waiting?.message ?? ''}`,
      );
      out.push({
        ...base,
        id: 'crash.start-failure',
        severity: 'critical',
        title: `${who} cannot start: ${notFound ? 'its command is not found in the image' : decodeExitCode(term.exitCode, term.reason).replace(/^\d+: /, '')}`,
        explanation: `The container runtime failed to start the process (exit ${term.exitCode}, reason ${term.reason ?? 'none'}).${term.message ? ` The runtime said: ${term.message}` : ''}${stage}`,
        causes: notFound
          ? [
              'the command/entrypoint names a binary the image does not contain (wrong path, or a different image version)',
              'a shell script with a wrong interpreter line',
            ]
          : ['a bad command, entrypoint, working directory or mount'],
        remedies: [
          { text: 'Check command and args against the image', command: sh`kubectl get ${podRef(pod)} -o ${jsonpath('command')}` },
          { text: "Inspect the image's filesystem", command: cmdDebug },
        ],
      });
      continue;
    }
    if (term.exitCode === 0) {
      if (!always) continue;
      out.push({
        ...base,
        id: 'crash.completed-under-always',
        severity: 'error',
        title: `${who} exits successfully, but its pod expects it to keep running`,
        explanation: `The process finished with exit code 0${ranText}, and restartPolicy is ${pod.spec?.restartPolicy ?? 'Always'}, so the kubelet restarts it and backs off (${restarts} restarts).${stage}`,
        causes: [
          'a one-off task (migration, batch job) deployed as a Deployment/StatefulSet',
          'the main process daemonises or forks into the background and the foreground process exits',
          'a missing "serve"/"run" argument',
        ],
        remedies: [
          { text: 'Run one-off work as a Job', command: sh`kubectl create job <name> --image=${c.spec.image ?? ''}` },
          { text: 'Keep the process in the foreground (no daemon mode)' },
        ],
      });
      continue;
    }
    if (term.reason === 'ContainerStatusUnknown') {
      // kubelet status manager: "The container could not be located when the pod was terminated"
      // (exit 137): the kubelet lost track of it, typically with its node or an eviction
      out.push({
        ...base,
        id: 'crash.status-unknown',
        severity: 'error',
        title: `${who}'s last state is unknown: the container could not be located when the pod was terminated`,
        explanation: `The kubelet recorded ${term.message ?? 'that the container could not be located'} (exit ${term.exitCode}). It did not see the container end: its node was lost or restarted, or the pod was evicted.${stage}`,
        causes: [
          'the node went away or its runtime was restarted while the container ran',
          'the pod was evicted or deleted while the kubelet was not tracking it',
        ],
        remedies: [{ text: 'Check the node the pod ran on', command: sh`kubectl describe node ${pod.spec?.nodeName ?? ''}` }],
      });
      continue;
    }
    const sigkill = term.exitCode === 137;
    out.push({
      ...base,
      id: sigkill ? 'crash.sigkill' : 'crash.app-error',
      severity: 'critical',
      title: sigkill ? `${who} is killed with SIGKILL (exit 137), not by the OOM killer` : `${who} crashes: exit code ${term.exitCode}`,
      // (the log line is in the explanation, not the title: the title is what every view shows,
      // and the shared diagnosis behind the list and triage reads no logs)
      explanation: `${who} exited with ${decodeExitCode(term.exitCode, term.reason)}${ranText}; it has restarted ${restarts} time${restarts === 1 ? '' : 's'}.${errLines.length ? ` Its last error line: "${errLines.at(-1)!.slice(0, 160)}".` : ''}${sigkill ? ' No OOMKilled reason and no liveness-probe events near the exit: something else sent SIGKILL (a kill after the termination grace period, a node-level OOM, or probe events that have already expired).' : ''}${stage}`,
      causes: sigkill
        ? ['liveness-probe kills whose events expired', 'a kill after terminationGracePeriodSeconds', 'the node ran out of memory']
        : [
            'the application fails at start-up (configuration, a dependency it cannot reach, a missing file or permission)',
            'a bug triggered by its input',
          ],
      remedies: [
        { text: "Read the previous container's log", command: cmdPrev },
        { text: 'Reproduce interactively with the same image and config', command: cmdDebug },
      ],
    });
  }
  return out;
};
