// The diagnosis engine: pure and deterministic. Runs every rule over what Kubernetes recorded
// and returns findings worst first. Healthy, completed and normally-starting pods get none.
import { configRule } from './rules/config';
import { crashRule } from './rules/crash';
import { imagePullRule } from './rules/image';
import { lifecycleRule } from './rules/lifecycle';
import { readinessRule } from './rules/probes';
import { rolloutRule } from './rules/rollout';
import { schedulingRule } from './rules/scheduling';
import { specReview } from './rules/spec-review';
import { type DiagnosisInput, type DiagnosisReport, type Finding, type Rule, SEVERITY_RANK } from './types';

const RULES: Rule[] = [imagePullRule, crashRule, configRule, schedulingRule, readinessRule, lifecycleRule];

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
  if (failures.length > 0) {
    const rollout = rolloutRule(input)[0];
    if (rollout) {
      rollout.related = failures.map((f) => f.id);
      failures.push(rollout);
    }
  }
  const all = [...failures, ...specReview(input, failures)];
  const order = (f: Finding) => SEVERITY_RANK[f.severity] * 10 + (f.id === 'rollout.regression' ? 0 : 1);
  return all.sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id) || (a.container ?? '').localeCompare(b.container ?? ''));
}

export function diagnosisReport(input: DiagnosisInput): DiagnosisReport {
  const findings = diagnose(input);
  return {
    primary: primary(findings)?.id ?? null,
    healthy: findings.every((f) => f.category === 'spec'),
    findings,
    diagnosedAt: new Date(input.now).toISOString(),
    ...(input.deletedAt !== undefined ? { deletedAt: new Date(input.deletedAt).toISOString() } : {}),
  };
}

/** The finding that best explains the pod's state, if any (spec review never counts). */
export function primary(findings: Finding[]): Finding | undefined {
  return findings.find((f) => f.category !== 'spec');
}
