// A pod's shared diagnosis in a badge: the same label, colour and title in the pod list, the
// workload page and triage (the pod page shows the full finding).
import type { DiagnosisSummary } from '@/lib/diagnosis/types';
import { SEVERITY_STYLE, shortLabel } from './labels';

export function DiagnosisBadge({ summary }: { summary: DiagnosisSummary }) {
  return (
    <span
      className={`whitespace-nowrap rounded px-1.5 py-0.5 font-sans text-[11px] ${SEVERITY_STYLE[summary.severity]}`}
      title={`${summary.title}${summary.confidence !== 'high' ? ` (confidence ${summary.confidence}: some objects could not be read)` : ''}`}
      data-testid="diagnosis-badge"
      data-finding={summary.id}
    >
      {shortLabel(summary.id)}
      {summary.confidence !== 'high' && '?'}
    </span>
  );
}
