// /c/{context}/events?type=&reason=&ns=&node=&kind=&name=&q=: every event of the cluster, live
// and recorded, for an incident's "what happened around then".
import { Suspense } from 'react';
import { EventsExplorer } from '@/components/events/EventsExplorer';
import { decodeSegment } from '@/lib/links';

export default async function EventsPage({ params }: { params: Promise<{ context: string }> }) {
  const context = decodeSegment((await params).context);
  return (
    <Suspense>
      <EventsExplorer context={context} />
    </Suspense>
  );
}
