import type { Severity } from '@/lib/diagnosis/types';

export { shortLabel } from '@/lib/diagnosis/labels';

export const SEVERITY_STYLE: Record<Severity, string> = {
  critical: 'bg-red-600 text-white',
  error: 'bg-orange-500 text-white',
  warning: 'bg-amber-300 text-amber-950',
  info: 'bg-slate-200 text-slate-700',
};
