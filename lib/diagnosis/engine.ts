// The diagnosis engine: pure and deterministic. Runs every rule over what Kubernetes recorded,
// then links causes to their consequences (an eviction to the container it killed, a Job's
// failure policy to its pods' crashes, a rollout to the failures of its new pods, a lost node to
// its pods' states, a missing claim to the scheduling that waits for it), so the finding that
// leads is the root of the chain: severity belongs to roots, and a symptom never outranks its
// cause. Healthy, completed and normally starting pods get no finding.
import { linkCauses } from './causes';
import { configRule } from './rules/config';
import { crashRule } from './rules/crash';
import { disruptionRule } from './rules/disruption';
import { imagePullRule } from './rules/image';
import { jobRule } from './rules/job';
import { lifecycleRule } from './rules/lifecycle';
import { readinessRule } from './rules/probes';
import { rolloutRule } from './rules/rollout';
import { schedulingRule } from './rules/scheduling';
import { specReview } from './rules/spec-review';
import { oomUsageEvidence, sizingReview, usageRule } from './rules/usage';
import { volumeRule } from './rules/volumes';
import {
  type DiagnosisInput,
  type DiagnosisReport,
  type DiagnosisSummary,
  type Finding,
  findingKey,
  type Rule,
  SEVERITY_RANK,
} from './types';

const RULES: Rule[] = [
  imagePullRule,
  crashRule,
  configRule,
  schedulingRule,
  volumeRule,
  readinessRule,
  lifecycleRule,
  disruptionRule,
  jobRule,
  usageRule,
];

/**
 * Among roots of the same severity, what an on-call engineer would fix first: what holds the
 * whole pod (its deletion, its node, its controller's verdict, a rollout) before what one
 * container suffers.
 */
const CATEGORY_ORDER = [
  'termination',
  'node',
  'job',
  'rollout',
  'volume',
  'scheduling',
  'config',
  'image',
  'runtime',
  'crash',
  'probe',
  'usage',
  'spec',
];

export function diagnose(given: DiagnosisInput): Finding[] {
  // a deleted pod (the flight recorder's last copy) is diagnosed as it was before deletion
  // began: "being deleted" would otherwise hide the crash that got it deleted
  const input =
    given.deletedAt === undefined
      ? given
      : {
          ...given,
          pod: { ...given.pod, metadata: { ...given.pod.metadata, deletionTimestamp: undefined, deletionGracePeriodSeconds: undefined } },
        };
  const failures = RULES.flatMap((r) => r(input));
  // A rollout regression explains failures of this pod; a pod of the new revision that is fine
  // (or merely starting) during a rolling update is no regression.
  // (usage alone is no failure of the rollout's making)
  if (failures.some((f) => f.category !== 'usage')) failures.push(...rolloutRule(input));
  linkCauses(failures, input);
  oomUsageEvidence(input, failures);
  const rank = (f: Finding) => [SEVERITY_RANK[f.severity], CATEGORY_ORDER.indexOf(f.category), f.id, f.container ?? ''] as const;
  const compare = (a: Finding, b: Finding) => {
    const x = rank(a);
    const y = rank(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  };
  // roots first, worst first; each followed by what it explains
  const byKey = new Map(failures.map((f) => [findingKey(f), f]));
  const ordered: Finding[] = [];
  const place = (f: Finding) => {
    if (ordered.includes(f)) return;
    ordered.push(f);
    for (const k of f.consequences ?? []) {
      const c = byKey.get(k);
      if (c) place(c);
    }
  };
  for (const root of failures.filter((f) => !f.causedBy).sort(compare)) place(root);
  for (const f of failures) place(f); // (nothing is left out, whatever the links)
  // (the spec review, sizing included, speaks only about pods with a problem: healthy ones stay quiet)
  return [...ordered, ...specReview(input, failures), ...(failures.length ? sizingReview(input) : [])];
}

/** The finding that leads: the worst root cause (spec review never counts). */
export function primary(findings: Finding[]): Finding | undefined {
  return findings.find((f) => f.category !== 'spec' && !f.causedBy);
}

/** The lead finding in a line, with the titles of what it explains (its chain, nearest first). */
export function summarize(f: Finding, all: Finding[] = []): DiagnosisSummary {
  const because = (f.consequences ?? []).map((k) => all.find((x) => findingKey(x) === k)?.title).filter((t): t is string => !!t);
  return {
    id: f.id,
    key: findingKey(f),
    severity: f.severity,
    confidence: f.confidence,
    title: f.title,
    container: f.container,
    category: f.category,
    ...(because.length ? { consequences: because.slice(0, 3) } : {}),
  };
}

export function diagnosisReport(input: DiagnosisInput): DiagnosisReport {
  const findings = diagnose(input);
  const p = primary(findings);
  return {
    primary: p?.id ?? null,
    primaryKey: p ? findingKey(p) : null,
    healthy: !p,
    findings,
    diagnosedAt: new Date(input.now).toISOString(),
    ...(input.deletedAt !== undefined ? { deletedAt: new Date(input.deletedAt).toISOString() } : {}),
  };
}
