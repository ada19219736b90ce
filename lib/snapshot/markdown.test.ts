// The Markdown export over a real captured pod (the crash-loop scenario's fixture).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { diagnose, primary } from '../diagnosis/engine';
import { normalizeEvent } from '../events/normalize';
import { findingKey } from '../diagnosis/types';
import { mdText } from '../text/markdown';
import { snapshotMarkdown } from './markdown';
import type { SnapshotBundle } from './types';

const fx = JSON.parse(readFileSync(join(import.meta.dirname, '../diagnosis/fixtures/crash-error.json'), 'utf8'));

function bundle(over: Partial<SnapshotBundle> = {}): SnapshotBundle {
  const now = Date.parse(fx.capturedAt);
  const events = (fx.events as CoreV1Event[]).map(normalizeEvent);
  const findings = diagnose({ pod: fx.pod, events, now });
  return {
    version: 1,
    id: 'abcdefghijklmnop',
    createdAt: now,
    context: 'podscope-local',
    namespace: fx.pod.metadata.namespace,
    name: fx.pod.metadata.name,
    pod: fx.pod,
    events,
    transitions: [{ at: now - 5000, kind: 'container', subject: 'checkout', from: 'running', to: 'terminated: Error (exit 1)' }],
    owners: [
      { kind: 'ReplicaSet', name: 'checkout-1' },
      { kind: 'Deployment', name: 'checkout' },
    ],
    diagnosis: {
      primary: primary(findings)?.id ?? null,
      primaryKey: primary(findings) ? findingKey(primary(findings)!) : null,
      healthy: false,
      findings,
      diagnosedAt: new Date(now).toISOString(),
    },
    logs: [
      { container: 'checkout', previous: ['starting', 'fatal: ``` giving up'], currentNote: 'no current container (CrashLoopBackOff)' },
    ],
    logLines: 200,
    ...over,
  };
}

describe('snapshot Markdown', () => {
  it('carries the diagnosis with evidence, the timeline, events and logs', () => {
    const b = bundle();
    const md = snapshotMarkdown(b, 'http://127.0.0.1:3000/s/abcdefghijklmnop');
    expect(md).toContain(`# Pod ${mdText(`${b.namespace}/${b.name}`)}`);
    expect(md).toContain(mdText('http://127.0.0.1:3000/s/abcdefghijklmnop'));
    const top = b.diagnosis.findings.find((f) => f.id === b.diagnosis.primary)!;
    expect(md).toContain(mdText(top.title));
    for (const e of top.evidence) expect(md).toContain(mdText(e.text));
    expect(md).toMatch(/## Timeline\n\n- \d{4}-/);
    expect(md).toContain(mdText('checkout: terminated: Error (exit 1)'));
    expect(md).toContain(`## Events (${b.events.length})`);
    expect(md).toContain('| Warning | BackOff |');
    expect(md).toContain('ReplicaSet/checkout-1 → Deployment/checkout');
    expect(md).toContain('### checkout (previous)');
    expect(md).toContain('_no current container (CrashLoopBackOff)_');
  });

  it('fences logs so a line with backticks cannot end the block', () => {
    const md = snapshotMarkdown(bundle());
    expect(md).toContain('````\nstarting\nfatal: ``` giving up\n````');
  });

  it('shows pod-controlled HTML and Markdown as text, and commands verbatim', () => {
    const b = bundle();
    const evil = '<img src=x onerror=alert(1)> [click](http://evil.example) **bold** `code` <script>alert(2)</script>';
    b.events = [{ ...b.events[0], reason: '<b>Boom</b>', message: evil }];
    b.logs = [{ container: 'checkout', previous: ['</pre><script>x</script>'] }];
    b.diagnosis.findings[0] = {
      ...b.diagnosis.findings[0],
      title: `crashes — "${evil}"`,
      remedies: [{ text: 'run', command: "kubectl create job <name> --image='ev`il'" }],
    };
    const md = snapshotMarkdown(b);
    const outsideFences = md.replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '');
    expect(outsideFences).not.toMatch(/<(img|script|b)\b/i);
    expect(outsideFences).not.toMatch(/(?<!\\)\]\(/); // no unescaped link syntax
    expect(outsideFences).not.toContain('**bold**');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; \\[click\\](http://evil.example) \\*\\*bold\\*\\* \\`code\\`');
    expect(md).toContain("``kubectl create job <name> --image='ev`il'``");
    expect(md).toContain('```\n</pre><script>x</script>\n```'); // inside a fence a log line is shown verbatim
  });

  it('says when the pod had been deleted, and keeps table cells intact', () => {
    const b = bundle({ deletedAt: Date.parse(fx.capturedAt) - 60_000 });
    b.events = [{ ...b.events[0], message: 'a | b\nc' }];
    const md = snapshotMarkdown(b);
    expect(md).toContain('**The pod had been deleted**');
    expect(md).toContain('a \\| b c');
  });
});
