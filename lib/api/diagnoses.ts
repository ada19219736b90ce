// The 'diagnoses' subscription's items: one unhealthy pod's shared diagnosis in a line (what the
// list's badge, the workload page and triage show), keyed like the pod's row ("ns/name").
import type { DiagnosisSummary } from '../diagnosis/types';

export interface PodDiagnosisRow {
  key: string;
  namespace: string;
  name: string;
  summary: DiagnosisSummary;
  /** the object a person edits (Deployment, StatefulSet, CronJob, …, or the pod itself) */
  owner: { kind: string; name: string };
  status: string;
  restarts: number;
  /** when it started failing this way (ms since epoch) */
  since: number;
}
