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
import { type DiagnosisInput, type Finding, type Rule, SEVERITY_RANK } from './types';

const RULES: Rule[] = [imagePullRule, crashRule, configRule, schedulingRule, readinessRule, lifecycleRule, rolloutRule];

export function diagnose(input: DiagnosisInput): Finding[] {
  const failures = RULES.flatMap((r) => r(input));
  // a rollout regression explains the container failures of the same pod: link them
  const rollout = failures.find((f) => f.id === 'rollout.regression');
  if (rollout) rollout.related = failures.filter((f) => f !== rollout).map((f) => f.id);
  const all = [...failures, ...specReview(input, failures)];
  const order = (f: Finding) => SEVERITY_RANK[f.severity] * 10 + (f.id === 'rollout.regression' ? 0 : 1);
  return all.sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id) || (a.container ?? '').localeCompare(b.container ?? ''));
}

/** The finding that best explains the pod's state, if any (spec review never counts). */
export function primary(findings: Finding[]): Finding | undefined {
  return findings.find((f) => f.category !== 'spec');
}
