// /c/{context}/nodes?node=: every node's allocatable against what its pods request and use, its
// conditions, taints and troubled pods (linked from Pending diagnoses and the pod page).
import { Suspense } from 'react';
import { NodesPage } from '@/components/nodes/NodesPage';
import { decodeSegment } from '@/lib/links';

export default async function Nodes({ params }: { params: Promise<{ context: string }> }) {
  const context = decodeSegment((await params).context);
  return (
    <Suspense>
      <NodesPage context={context} />
    </Suspense>
  );
}
