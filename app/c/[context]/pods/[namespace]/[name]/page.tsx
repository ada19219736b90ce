import { decodeSegment } from '@/lib/links';
import { Suspense } from 'react';
import { PodPage } from '@/components/pod/PodPage';

export default async function Page({ params }: { params: Promise<{ context: string; namespace: string; name: string }> }) {
  const p = await params;
  return (
    <Suspense>
      <PodPage context={decodeSegment(p.context)} namespace={p.namespace} name={p.name} />
    </Suspense>
  );
}
