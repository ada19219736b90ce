import { decodeSegment } from '@/lib/links';
import { Suspense } from 'react';
import { TriageBoard } from '@/components/triage/TriageBoard';

export default async function TriagePage({ params }: { params: Promise<{ context: string }> }) {
  const context = decodeSegment((await params).context);
  return (
    <Suspense>
      <TriageBoard context={context} />
    </Suspense>
  );
}
