import { Suspense } from 'react';
import { PodList } from '@/components/pods/PodList';

export default async function PodsPage({ params }: { params: Promise<{ context: string }> }) {
  const context = decodeURIComponent((await params).context);
  return <Suspense><PodList context={context} /></Suspense>;
}
