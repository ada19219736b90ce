// /c/{context}/w/{namespace}/{kind}/{name}?show=failing|newest|all: a link to a workload's pods
// that survives pod replacement (resolved live in the browser from ownerReferences).
import { Suspense } from 'react';
import { WorkloadPods } from '@/components/workload/WorkloadPods';
import { decodeSegment } from '@/lib/links';
import { WORKLOAD_KINDS, WORKLOAD_SHOW, type WorkloadShow, workloadKindFromSegment } from '@/lib/pods/workload';
import { namespaceName, objectName } from '@/lib/validation/names';

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ context: string; namespace: string; kind: string; name: string }>;
  searchParams: Promise<{ show?: string }>;
}) {
  const p = await params;
  const show = (await searchParams).show ?? 'failing';
  const kind = workloadKindFromSegment(p.kind);
  const problems = [
    !kind && `"${p.kind}" is not a workload kind (one of ${WORKLOAD_KINDS.join(', ').toLowerCase()})`,
    !namespaceName.safeParse(p.namespace).success && `"${p.namespace}" is not a namespace name`,
    !objectName.safeParse(p.name).success && `"${p.name}" is not an object name`,
    !(WORKLOAD_SHOW as readonly string[]).includes(show) && `show must be one of ${WORKLOAD_SHOW.join(', ')}`,
  ].filter(Boolean);
  if (problems.length || !kind) {
    return (
      <div className="mx-auto max-w-2xl p-8" data-testid="workload-invalid">
        <h1 className="text-xl font-semibold">Not a valid workload link</h1>
        <ul className="mt-2 list-disc pl-5 text-slate-700">
          {problems.map((m) => (
            <li key={String(m)}>{m}</li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <Suspense>
      <WorkloadPods context={decodeSegment(p.context)} namespace={p.namespace} kind={kind} name={p.name} show={show as WorkloadShow} />
    </Suspense>
  );
}
