// A snapshot as Markdown, for an incident ticket or a chat thread: what is wrong and the proof
// (diagnosis with evidence and remedies), the timeline of what happened, events, and log tails.
import { podColumns, readyCell } from '../k8s/pod-status';
import { mdCell as cell, mdCode, mdFence as fence, mdText as t } from '../text/markdown';
import { buildTimeline } from '../timeline/model';
import type { SnapshotBundle } from './types';

// Everything that comes from the pod, its events or its logs goes through t()/cell()/mdCode() or
// a fence: a ticket tool that renders Markdown or HTML shows it as text.
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

export function snapshotMarkdown(b: SnapshotBundle, url?: string): string {
  const out: string[] = [];
  const cols = podColumns(b.pod);
  out.push(`# Pod ${t(`${b.namespace}/${b.name}`)}`, '');
  out.push(`Snapshot taken ${iso(b.createdAt)} on context ${mdCode(b.context)}${url ? ` — ${t(url)}` : ''}`, '');
  if (b.deletedAt !== undefined)
    out.push(`**The pod had been deleted** at ${iso(b.deletedAt)}; this is the flight recorder's last record of it.`, '');
  out.push(`| status | ready | restarts | node | owners |`, `|---|---|---|---|---|`);
  out.push(
    `| ${cell(cols.status)} | ${readyCell(cols)} | ${cols.restarts} | ${cell(b.pod.spec?.nodeName ?? '<none>')} | ${cell(b.owners.map((o) => `${o.kind}/${o.name}`).join(' → ') || 'none')} |`,
    '',
  );

  out.push('## Diagnosis', '');
  const real = b.diagnosis.findings.filter((f) => f.category !== 'spec');
  if (real.length === 0) out.push('No problems found: the pod looked healthy.', '');
  // roots first, each followed by what it explains ("because of it"), as the engine orders them
  for (const f of real) {
    const head = f.causedBy ? `#### Because of it: ${t(f.title)}` : `### ${f.severity.toUpperCase()}: ${t(f.title)}`;
    out.push(
      `${head}${f.container ? ` (container ${t(f.container)})` : ''}${f.confidence !== 'high' ? ` — confidence ${f.confidence}` : ''}`,
      '',
      t(f.explanation),
      '',
    );
    if (f.unknowns?.length) {
      out.push('Could not be looked at (nothing is claimed about it):', '');
      for (const u of f.unknowns) out.push(`- ${t(u)}`);
      out.push('');
    }
    if (f.evidence.length) {
      out.push('Evidence:', '');
      for (const e of f.evidence) out.push(`- ${t(e.source)}: ${t(e.text)}`);
      out.push('');
    }
    if (f.causes.length) {
      out.push('Likely causes:', '');
      f.causes.forEach((c, i) => out.push(`${i + 1}. ${t(c)}`));
      out.push('');
    }
    if (f.remedies.length) {
      out.push('What to do:', '');
      for (const r of f.remedies) out.push(`- ${t(r.text)}${r.command ? ` — ${mdCode(r.command)}` : ''}`);
      out.push('');
    }
  }

  out.push('## Timeline', '');
  const model = buildTimeline(b.pod, b.events, b.transitions, b.deletedAt ?? b.createdAt);
  const lines: { at: number; text: string }[] = [];
  for (const lane of model.lanes) {
    for (const s of lane.segments) lines.push({ at: s.from, text: t(`${lane.label}: ${s.label}${s.detail ? ` (${s.detail})` : ''}`) });
    for (const m of lane.markers)
      if (m.source !== 'event') lines.push({ at: m.at, text: t(`${lane.label}: ${m.label}${m.detail ? ` — ${m.detail}` : ''}`) });
  }
  lines.sort((a, c) => a.at - c.at);
  if (!lines.length) out.push('Nothing recorded.');
  for (const l of lines) out.push(`- ${iso(l.at)} ${l.text}`);
  out.push('');

  out.push(`## Events (${b.events.length})`, '');
  if (b.events.length) {
    out.push('| last seen | type | reason | count | message |', '|---|---|---|---|---|');
    for (const e of b.events)
      out.push(`| ${cell(e.lastSeen ?? '')} | ${cell(e.type)} | ${cell(e.reason)} | ${e.count} | ${cell(e.message)} |`);
  } else out.push('None.');
  out.push('');

  out.push(`## Logs (last ${b.logLines} lines per container)`, '');
  for (const l of b.logs) {
    for (const [which, text, note] of [
      ['current', l.current, l.currentNote],
      ['previous', l.previous, l.previousNote],
    ] as const) {
      if (!text && !note) continue;
      out.push(`### ${t(l.container)} (${which})`, '');
      if (text) {
        const f = fence(text);
        out.push(f, ...text, f);
      } else out.push(`_${t(note ?? '')}_`);
      out.push('');
    }
  }
  if (b.node) {
    out.push(
      '## Node',
      '',
      t(
        `${b.node.name}: Ready=${b.node.ready ?? 'unknown'}${b.node.unschedulable ? ', cordoned' : ''}${b.node.taints.length ? `, taints ${b.node.taints.join(', ')}` : ''}`,
      ),
      '',
    );
  }
  return out.join('\n');
}
