'use client';
// The pod page leads with this: what is wrong, the proof, and what to do, kept live (it is
// re-computed whenever the pod or its events change).
import Link from 'next/link';
import { useState } from 'react';
import { type DiagnosisReport, type Finding, findingKey } from '@/lib/diagnosis/types';
import { useDiagnosis } from '../data/pod-hooks';
import { CopyButton } from '../ui/CopyButton';
import { SEVERITY_STYLE } from './labels';

function FindingCard({ f, open, children, summary }: { f: Finding; open: boolean; children?: React.ReactNode; summary?: boolean }) {
  const [expanded, setExpanded] = useState(open);
  return (
    <div
      className="rounded border border-slate-200 bg-white"
      data-testid="finding"
      data-finding={f.id}
      data-severity={f.severity}
      data-confidence={f.confidence}
      data-caused-by={f.causedBy ?? ''}
    >
      <button type="button" className="flex w-full items-start gap-2 p-2 text-left" onClick={() => setExpanded((e) => !e)}>
        {f.causedBy ? (
          <span className="mt-0.5 text-xs text-slate-500">because of the above:</span>
        ) : (
          <span className={`mt-0.5 rounded px-1.5 text-xs font-semibold uppercase ${SEVERITY_STYLE[f.severity]}`}>{f.severity}</span>
        )}
        <span className="flex-1 font-semibold" data-testid="finding-title">
          {f.title}
        </span>
        {f.confidence !== 'high' && (
          <span
            className="rounded border border-amber-400 px-1 text-xs text-amber-800"
            data-testid="finding-confidence"
            title="Some objects it depends on could not be read"
          >
            {f.confidence} confidence
          </span>
        )}
        <span className="text-xs text-slate-400">{f.id}</span>
      </button>
      {expanded && (
        <div className="space-y-2 border-t border-slate-100 p-3 text-sm">
          <p className="text-slate-700">{f.explanation}</p>
          {f.unknowns && f.unknowns.length > 0 && (
            <div className="rounded bg-amber-50 p-2 text-xs text-amber-900" data-testid="finding-unknowns">
              <div className="font-semibold">Could not be looked at (so nothing is claimed about it):</div>
              <ul className="mono list-disc pl-5">
                {f.unknowns.map((u, i) => (
                  <li key={i}>{u}</li>
                ))}
              </ul>
            </div>
          )}
          <div>
            <div className="text-xs font-semibold uppercase text-slate-500">evidence</div>
            <ul className="mono space-y-0.5 text-xs">
              {f.evidence.map((e, i) => (
                <li key={i} data-testid="evidence">
                  <span className="text-slate-500">{e.source}:</span> {e.text}
                </li>
              ))}
            </ul>
          </div>
          {f.causes.length > 0 && (
            <div>
              <div className="text-xs font-semibold uppercase text-slate-500">likely causes</div>
              <ol className="list-decimal pl-5 text-slate-700">
                {f.causes.map((c, i) => (
                  <li key={i}>{c}</li>
                ))}
              </ol>
            </div>
          )}
          {f.remedies.length > 0 && (
            <div>
              <div className="text-xs font-semibold uppercase text-slate-500">what to do</div>
              <ul className="space-y-1">
                {f.remedies.map((r, i) => (
                  <li key={i}>
                    <div className="text-slate-700">{r.text}</div>
                    {r.command && (
                      <div className="flex items-center gap-2">
                        <code
                          className="mono block flex-1 overflow-x-auto rounded bg-slate-900 px-2 py-1 text-xs text-slate-100"
                          data-testid="remedy-command"
                        >
                          {r.command}
                        </code>
                        <CopyButton text={r.command} />
                      </div>
                    )}
                    {r.snippet && <pre className="mono rounded bg-slate-100 px-2 py-1 text-xs">{r.snippet}</pre>}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      {children && (expanded || !summary) && (
        <div className="space-y-1 border-t border-slate-100 py-2 pl-6 pr-2" data-testid="consequences">
          {children}
        </div>
      )}
    </div>
  );
}

/** A root finding with what it explains nested under it (and theirs under them). */
function Chain({ f, byKey, open, summary }: { f: Finding; byKey: Map<string, Finding>; open: boolean; summary?: boolean }) {
  const consequences = (f.consequences ?? []).map((k) => byKey.get(k)).filter((x): x is Finding => !!x);
  return (
    <FindingCard f={f} open={open} summary={summary}>
      {consequences.length > 0 && consequences.map((c) => <Chain key={findingKey(c)} f={c} byKey={byKey} open={false} />)}
    </FindingCard>
  );
}

export function DiagnosisPanel({
  context,
  namespace,
  name,
  liveKey,
  deleted,
  compact = false,
}: {
  context: string;
  namespace: string;
  name: string;
  liveKey: string;
  deleted: boolean;
  /** the summary only (each finding's title, expanding on demand): the tabs below stay in view */
  compact?: boolean;
}) {
  const q = useDiagnosis(context, namespace, name, liveKey);
  if (q.isError)
    return deleted ? null : (
      <div className="mx-4 mt-3 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="diagnosis-error">
        Diagnosis unavailable: {q.error.text}
      </div>
    );
  if (!q.data) return <div className="mx-4 mt-3 text-sm text-slate-500">Diagnosing…</div>;
  // (a remount when the mode changes: the cards start open or closed again)
  return <Findings key={compact ? 'summary' : 'whole'} diagnosis={q.data} compact={compact} context={context} />;
}

/** The findings themselves: used live on the pod page (with links to the live pages of `context`) and frozen on a snapshot. */
export function Findings({ diagnosis, compact = false, context }: { diagnosis: DiagnosisReport; compact?: boolean; context?: string }) {
  const real = diagnosis.findings.filter((f) => f.category !== 'spec');
  const spec = diagnosis.findings.filter((f) => f.category === 'spec');
  const byKey = new Map(real.map((f) => [findingKey(f), f]));
  return (
    <section
      className="mx-4 mt-3 space-y-2"
      data-testid="diagnosis"
      data-primary={diagnosis.primary ?? ''}
      data-compact={compact ? 'true' : undefined}
    >
      {diagnosis.deletedAt && (
        <div className="text-xs text-slate-500" data-testid="diagnosis-as-of">
          Diagnosis as of the pod's deletion, from the flight recorder's record.
        </div>
      )}
      {real.length === 0 ? (
        <div className="rounded border border-emerald-300 bg-emerald-50 p-2 text-sm text-emerald-800" data-testid="diagnosis-healthy">
          No problems found: this pod looks healthy.
        </div>
      ) : (
        real
          .filter((f) => !f.causedBy)
          .map((f, i) => <Chain key={findingKey(f)} f={f} byKey={byKey} open={i === 0 && !compact} summary={compact} />)
      )}
      {context && real.some((f) => f.category === 'scheduling') && (
        <Link
          href={`/c/${encodeURIComponent(context)}/nodes`}
          className="inline-block text-sm text-blue-700 hover:underline"
          data-testid="diagnosis-nodes-link"
        >
          Every node&apos;s free CPU and memory (requested, used, allocatable) →
        </Link>
      )}
      {context && real.some((f) => f.category === 'usage') && (
        <Link href="?tab=usage" className="ml-3 inline-block text-sm text-blue-700 hover:underline" data-testid="diagnosis-usage-link">
          Usage against requests and limits →
        </Link>
      )}
      {spec.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600">Spec review ({spec.length})</summary>
          <div className="mt-1 space-y-1">
            {spec.map((f) => (
              <FindingCard key={`${f.id}:${f.container ?? ''}`} f={f} open={false} />
            ))}
          </div>
        </details>
      )}
    </section>
  );
}
