import { decodeSegment } from '@/lib/links';
import { Suspense } from 'react';
import { PodList } from '@/components/pods/PodList';

export default async function PodsPage({ params }: { params: Promise<{ context: string }> }) {
  const context = decodeSegment((await params).context);
  return (
    <Suspense>
      <PodList context={context} />
    </Suspense>
  );
}
