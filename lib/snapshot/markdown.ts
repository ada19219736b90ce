// A snapshot as Markdown, for an incident ticket or a chat thread: what is wrong and the proof
// (diagnosis with evidence and remedies), the timeline of what happened, events, and log tails.
import { podColumns, readyCell } from '../k8s/pod-status';
import { buildTimeline } from '../timeline/model';
import type { SnapshotBundle } from './types';

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
// a fence longer than any run of backticks inside, so log lines cannot break out of the block
const fence = (lines: string[]) => '`'.repeat(Math.max(3, ...lines.map((l) => (l.match(/`+/g) ?? []).reduce((m, r) => Math.max(m, r.length + 1), 0))));

export function snapshotMarkdown(b: SnapshotBundle, url?: string): string {
  const out: string[] = [];
  const cols = podColumns(b.pod);
  out.push(`# Pod ${b.namespace}/${b.name}`, '');
  out.push(`Snapshot taken ${iso(b.createdAt)} on context \`${b.context}\`${url ? ` — ${url}` : ''}`, '');
  if (b.deletedAt !== undefined) out.push(`**The pod had been deleted** at ${iso(b.deletedAt)}; this is the flight recorder's last record of it.`, '');
  out.push(`| status | ready | restarts | node | owners |`, `|---|---|---|---|---|`);
  out.push(`| ${cell(cols.status)} | ${readyCell(cols)} | ${cols.restarts} | ${b.pod.spec?.nodeName ?? '<none>'} | ${cell(b.owners.map((o) => `${o.kind}/${o.name}`).join(' → ') || 'none')} |`, '');

  out.push('## Diagnosis', '');
  const real = b.diagnosis.findings.filter((f) => f.category !== 'spec');
  if (real.length === 0) out.push('No problems found: the pod looked healthy.', '');
  for (const f of real) {
    out.push(`### ${f.severity.toUpperCase()}: ${f.title}${f.container ? ` (container ${f.container})` : ''}`, '', f.explanation, '');
    if (f.evidence.length) { out.push('Evidence:', ''); for (const e of f.evidence) out.push(`- ${e.source}: ${e.text}`); out.push(''); }
    if (f.causes.length) { out.push('Likely causes:', ''); f.causes.forEach((c, i) => out.push(`${i + 1}. ${c}`)); out.push(''); }
    if (f.remedies.length) {
      out.push('What to do:', '');
      for (const r of f.remedies) out.push(`- ${r.text}${r.command ? ` — \`${r.command}\`` : ''}`);
      out.push('');
    }
  }

  out.push('## Timeline', '');
  const model = buildTimeline(b.pod, b.events, b.transitions, b.deletedAt ?? b.createdAt);
  const lines: { at: number; text: string }[] = [];
  for (const lane of model.lanes) {
    for (const s of lane.segments) lines.push({ at: s.from, text: `${lane.label}: ${s.label}${s.detail ? ` (${s.detail})` : ''}` });
    for (const m of lane.markers) if (m.source !== 'event') lines.push({ at: m.at, text: `${lane.label}: ${m.label}${m.detail ? ` — ${m.detail}` : ''}` });
  }
  lines.sort((a, c) => a.at - c.at);
  if (!lines.length) out.push('Nothing recorded.');
  for (const l of lines) out.push(`- ${iso(l.at)} ${l.text}`);
  out.push('');

  out.push(`## Events (${b.events.length})`, '');
  if (b.events.length) {
    out.push('| last seen | type | reason | count | message |', '|---|---|---|---|---|');
    for (const e of b.events) out.push(`| ${e.lastSeen ?? ''} | ${e.type} | ${cell(e.reason)} | ${e.count} | ${cell(e.message)} |`);
  } else out.push('None.');
  out.push('');

  out.push(`## Logs (last ${b.logLines} lines per container)`, '');
  for (const l of b.logs) {
    for (const [which, text, note] of [['current', l.current, l.currentNote], ['previous', l.previous, l.previousNote]] as const) {
      if (!text && !note) continue;
      out.push(`### ${l.container} (${which})`, '');
      if (text) { const f = fence(text); out.push(f, ...text, f); } else out.push(`_${note}_`);
      out.push('');
    }
  }
  if (b.node) {
    out.push('## Node', '', `${b.node.name}: Ready=${b.node.ready ?? 'unknown'}${b.node.unschedulable ? ', cordoned' : ''}${b.node.taints.length ? `, taints ${b.node.taints.join(', ')}` : ''}`, '');
  }
  return out.join('\n');
}
