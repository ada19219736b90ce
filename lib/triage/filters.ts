// The triage board's filters from its URL: namespaces, the least severity, the cause. A filter
// that cannot match anything Kubernetes or Podscope has is an error the board shows, never a
// reassuring "Nothing is broken".
import { CATEGORIES } from '../diagnosis/types';
import { namespaceName } from '../validation/names';

export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

export interface TriageFilters {
  namespaces: string[];
  /** the one namespace to watch (exactly one, valid): all a namespace-scoped identity may read */
  watchNamespace?: string;
  severity: '' | (typeof SEVERITIES)[number];
  category: string;
}

export function triageFilters(p: URLSearchParams): { filters: TriageFilters; problems: string[] } {
  const problems: string[] = [];
  const namespaces = (p.get('ns') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = namespaces.filter((n) => !namespaceName.safeParse(n).success);
  for (const n of bad) problems.push(`“${n.slice(0, 63)}” is not a namespace name`);
  const severity = p.get('severity') ?? '';
  if (severity && !(SEVERITIES as readonly string[]).includes(severity)) problems.push(`severity must be one of ${SEVERITIES.join(', ')}`);
  const category = p.get('category') ?? '';
  if (category && !(CATEGORIES as readonly string[]).includes(category)) problems.push(`cause must be one of ${CATEGORIES.join(', ')}`);
  const watchNamespace = namespaces.length === 1 && !bad.length ? namespaces[0] : undefined;
  return { filters: { namespaces, watchNamespace, severity: severity as TriageFilters['severity'], category }, problems };
}
