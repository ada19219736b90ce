// The 'diagnoses' subscription's items: one unhealthy pod's shared diagnosis in a line (what the
// list's badge, the workload page and triage show), keyed like the pod's row ("ns/name").
import type { DiagnosedPod } from '../triage/incidents';

export interface PodDiagnosisRow extends DiagnosedPod {
  key: string;
}
