// What the Metrics API's samples say about a running container: memory near its limit (and when
// it will get there), CPU pinned at its limit (the kernel throttles it), and, in the spec review,
// requests far from real use. The samples come from the usage poller (metrics-server through the
// API server); without them these rules say nothing. Thresholds and wording: lib/usage/usage.ts.
import type { V1Pod } from '@kubernetes/client-node';
import { containerLabel, podContainers } from '../../k8s/containers';
import { fmtDuration } from '../../k8s/duration';
import { fmtCpu, fmtMem } from '../../k8s/quantity';
import { topOwner } from '../../k8s/owners';
import { timeMs } from '../../k8s/time';
import { sh } from '../../text/shell';
import { containerResources, cpuAtLimit, currentRun, memoryAtRisk, memoryOutlook, sizing, type UsagePoint } from '../../usage/usage';
import type { DiagnosisInput, Evidence, Finding, Rule } from '../types';
import { editTarget, nsFlag, podArgs } from '../util';

const pct = (f: number) => `${Math.round(f * 100)} %`;
const perMin = (bytesPerS: number) => `${bytesPerS >= 0 ? '+' : '−'}${fmtMem(Math.abs(bytesPerS) * 60)}/min`;
const SOURCE = 'metrics.k8s.io (metrics-server)';

function running(pod: V1Pod) {
  return podContainers(pod).filter((c) => c.kind !== 'init' && c.kind !== 'ephemeral' && c.status?.state?.running);
}

export const usageRule: Rule = ({ pod, usage, owners }) => {
  const out: Finding[] = [];
  if (!usage || pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) return out;
  const res = containerResources(pod);
  for (const c of running(pod)) {
    const points = usage[c.name];
    const r = res[c.name];
    if (!points?.length || !r) continue;
    const run = currentRun(points, timeMs(c.status?.state?.running?.startedAt));
    const who = containerLabel(c);
    const mem = memoryOutlook(run, r.memoryLimit);
    if (mem && memoryAtRisk(mem)) {
      const eta = mem.secondsToLimit !== undefined ? `: OOM in about ${fmtDuration(mem.secondsToLimit * 1000)}` : '';
      const rate = mem.slope !== undefined && Math.abs(mem.slope * 60) >= 2 ** 20 ? `, ${perMin(mem.slope)}` : '';
      out.push({
        id: 'usage.memory-near-limit',
        category: 'usage',
        severity: 'warning',
        confidence: run.length >= 3 ? 'high' : 'medium',
        container: c.name,
        title: `${who} is at ${pct(mem.fraction)} of its ${fmtMem(mem.limit)} memory limit${rate}${eta}`,
        explanation: `When the working set reaches the limit the kernel kills the container (OOMKilled, exit 137) and the kubelet restarts it. ${
          mem.slope !== undefined && mem.slope > 0
            ? `Over the last ${fmtDuration(run[run.length - 1].at - run[Math.max(0, run.length - 20)].at)} its memory grew steadily; a leak or a growing cache does that, a steady load does not.`
            : 'Its memory is close to the limit with little headroom for a spike.'
        }`,
        evidence: memoryEvidence(run, mem.limit),
        causes: ['a memory leak', 'a cache or buffer without a bound', 'the limit is below what the workload needs at its peak'],
        remedies: [
          { text: 'Watch it live', command: sh`kubectl top pod ${podArgs(pod)} --containers` },
          {
            text: `Give it more room (or fix the leak first) on ${topOwner(pod, owners).kind} ${topOwner(pod, owners).name}`,
            command: sh`kubectl ${nsFlag(pod)} set resources ${editTarget(pod, owners)} -c ${c.name} --limits=${`memory=${fmtMem(mem.limit * 1.5)}`}`,
          },
        ],
      });
    }
    if (cpuAtLimit(run, r.cpuLimit)) {
      const latest = run[run.length - 1];
      out.push({
        id: 'usage.cpu-throttled',
        category: 'usage',
        severity: 'warning',
        confidence: 'medium',
        container: c.name,
        title: `${who} uses all of its ${fmtCpu(r.cpuLimit)} CPU limit: it is being throttled`,
        explanation:
          'A container at its CPU limit is throttled by the kernel (CFS quota): requests take longer, probes time out, and latency rises without any error in the logs. The Metrics API shows the usage; the throttled time itself is in cAdvisor (container_cpu_cfs_throttled_periods_total).',
        evidence: run.slice(-3).map((p) => ({
          source: SOURCE,
          text: `CPU ${fmtCpu(p.cpu)} of a ${fmtCpu(r.cpuLimit)} limit`,
          at: new Date(p.at).toISOString(),
        })),
        causes: ['the limit is below what the workload needs', 'more worker threads or processes than the limit can run', 'a busy loop'],
        remedies: [
          {
            text: 'Raise the CPU limit (or remove it and rely on the request)',
            command: sh`kubectl ${nsFlag(pod)} set resources ${editTarget(pod, owners)} -c ${c.name} --limits=${`cpu=${fmtCpu(Math.max(latest.cpu, r.cpuLimit) * 2)}`}`,
          },
        ],
      });
    }
  }
  return out;
};

/**
 * Whether a pod's usage needs a look: the usage rule has something to say (so that a pod that
 * otherwise looks healthy is still diagnosed, by the same decision that diagnoses it).
 */
export function usageConcern(pod: V1Pod, usage: Record<string, UsagePoint[]> | undefined, now: number): boolean {
  return !!usage && usageRule({ pod, usage, events: [], now }).length > 0;
}

function memoryEvidence(run: UsagePoint[], limit: number): Evidence[] {
  const shown = run.length <= 4 ? run : [run[0], run[Math.floor(run.length / 2)], run[run.length - 2], run[run.length - 1]];
  return shown.map((p) => ({
    source: SOURCE,
    text: `working set ${fmtMem(p.memory)} (${pct(p.memory / limit)} of ${fmtMem(limit)})`,
    at: new Date(p.at).toISOString(),
  }));
}

/** The spec review's half: requests far from what the container really uses. */
export function sizingReview({ pod, usage, owners }: DiagnosisInput): Finding[] {
  if (!usage) return [];
  const res = containerResources(pod);
  const out: Finding[] = [];
  for (const c of podContainers(pod)) {
    const points = usage[c.name];
    const r = res[c.name];
    if (!points || !r) continue;
    for (const s of sizing(points, r)) {
      const f = s.resource === 'cpu' ? fmtCpu : fmtMem;
      const over = s.direction === 'over';
      out.push({
        id: over ? `spec.${s.resource}-request-above-use` : `spec.${s.resource}-request-below-use`,
        category: 'spec',
        severity: 'info',
        confidence: s.spanSeconds >= 3600 ? 'high' : 'low',
        container: c.name,
        title: over
          ? `${containerLabel(c)} requests ${f(s.request)} ${s.resource === 'cpu' ? 'CPU' : 'memory'} and uses ${f(s.p95)} (p95)`
          : `${containerLabel(c)} uses ${f(s.p95)} ${s.resource === 'cpu' ? 'CPU' : 'memory'} (p95) and requests only ${f(s.request)}`,
        explanation: over
          ? `The scheduler reserves the request on a node whether it is used or not: this pod holds ${f(s.request - s.p95)} that other pods cannot have. Peak ${f(s.peak)} over ${fmtDuration(s.spanSeconds * 1000)} (${s.samples} samples)${s.spanSeconds < 3600 ? '; a longer window (a day, a weekly peak) gives a safer number' : ''}.`
          : `The scheduler places the pod by its request: on a busy node it gets less than it uses, and ${s.resource === 'memory' ? 'it is among the first evicted under memory pressure' : 'it competes for CPU with pods that asked for theirs'}. Peak ${f(s.peak)} over ${fmtDuration(s.spanSeconds * 1000)} (${s.samples} samples).`,
        evidence: [{ source: SOURCE, text: `p95 ${f(s.p95)}, peak ${f(s.peak)}, request ${f(s.request)}` }],
        causes: over
          ? ['requests copied from a template or sized for a peak that never came']
          : ['requests never revisited as the workload grew'],
        remedies: [
          {
            text: `Request what it uses (from the recorded peak and p95): ${f(s.suggested)}`,
            command: sh`kubectl ${nsFlag(pod)} set resources ${editTarget(pod, owners)} -c ${c.name} --requests=${`${s.resource}=${f(s.suggested)}`}`,
          },
        ],
      });
    }
  }
  return out;
}

/**
 * An OOM kill explained by the usage before it: the samples of the run that ended, if the poller
 * saw them (evidence added to the crash rule's finding).
 */
export function oomUsageEvidence(input: DiagnosisInput, findings: Finding[]): void {
  if (!input.usage) return;
  const res = containerResources(input.pod);
  for (const f of findings) {
    if (f.id !== 'crash.oom-killed' || !f.container) continue;
    const c = podContainers(input.pod).find((x) => x.name === f.container);
    const term = c?.status?.lastState?.terminated ?? c?.status?.state?.terminated;
    const start = timeMs(term?.startedAt);
    const end = timeMs(term?.finishedAt);
    const limit = res[f.container]?.memoryLimit;
    if (start === undefined || end === undefined || !limit) continue;
    const run = (input.usage[f.container] ?? []).filter((p) => p.at >= start && p.at <= end);
    if (run.length < 2) continue;
    const first = run[0];
    const last = run[run.length - 1];
    f.evidence.push({
      source: SOURCE,
      text: `before the kill: working set ${fmtMem(first.memory)} → ${fmtMem(last.memory)} (${pct(last.memory / limit)} of ${fmtMem(limit)}) over ${fmtDuration(last.at - first.at)}${last.memory > first.memory * 1.2 ? ': it climbed to the limit (a leak or a growing load), not a spike' : ''}`,
      at: new Date(last.at).toISOString(),
    });
  }
}
