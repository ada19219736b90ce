// A diagnosis as plain text (the CLI, chat-ops): each root cause with the consequences it
// explains indented under it, the confidence when something could not be looked at, and what to
// fetch to know more. Values from the pod appear as they are; commands were shell-quoted by the
// rules that wrote them.
import { shortLabel } from './labels';
import { type DiagnosisReport, type Finding, findingKey } from './types';

function finding(f: Finding, depth: number, byKey: Map<string, Finding>, lines: string[]): void {
  const pad = '  '.repeat(depth);
  const head = depth === 0 ? `[${f.severity.toUpperCase()}]` : '↳ because of it:';
  lines.push(
    '',
    `${pad}${head} ${f.title}  (${f.id}${f.confidence !== 'high' ? `, confidence ${f.confidence}` : ''})`,
    `${pad}  ${f.explanation}`,
  );
  if (f.evidence.length) lines.push(`${pad}  evidence:`, ...f.evidence.map((e) => `${pad}    - ${e.source}: ${e.text}`));
  if (f.unknowns?.length)
    lines.push(`${pad}  could not be looked at (nothing is claimed about it):`, ...f.unknowns.map((u) => `${pad}    - ${u}`));
  if (depth === 0 && f.causes.length) lines.push(`${pad}  likely causes:`, ...f.causes.map((c, i) => `${pad}    ${i + 1}. ${c}`));
  if (f.remedies.length)
    lines.push(
      `${pad}  what to do:`,
      ...f.remedies.flatMap((r) => [
        `${pad}    - ${r.text}`,
        ...(r.command ? [`${pad}        $ ${r.command}`] : []),
        ...(r.snippet ? r.snippet.split('\n').map((l) => `${pad}        ${l}`) : []),
      ]),
    );
  for (const k of f.consequences ?? []) {
    const c = byKey.get(k);
    if (c) finding(c, depth + 1, byKey, lines);
  }
}

export function reportText(pod: string, report: DiagnosisReport): string {
  const real = report.findings.filter((f) => f.category !== 'spec');
  if (real.length === 0) return `${pod}: healthy, no findings\n`;
  const roots = real.filter((f) => !f.causedBy);
  const byKey = new Map(real.map((f) => [findingKey(f), f]));
  const p = roots[0];
  const lines = [
    `${pod}: ${shortLabel(p.id)} — ${roots.length} root cause${roots.length === 1 ? '' : 's'}, ${real.length - roots.length} consequence${real.length - roots.length === 1 ? '' : 's'}`,
  ];
  for (const r of roots) finding(r, 0, byKey, lines);
  const spec = report.findings.filter((f) => f.category === 'spec');
  if (spec.length) lines.push('', 'spec review:', ...spec.map((f) => `  - ${f.title}`));
  return `${lines.join('\n')}\n`;
}
