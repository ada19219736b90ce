import 'server-only';
// The stream's snapshot message around items already encoded once for many streams.
import type { WatchState } from '@/lib/api/stream';

const encoder = new TextEncoder();

export function snapshotFrame(sub: string, items: Uint8Array, state: WatchState): Uint8Array[] {
  return [
    encoder.encode(`data: {"type":"snapshot","sub":${JSON.stringify(sub)},"items":`),
    items,
    encoder.encode(`,"state":${JSON.stringify(state)}}\n\n`),
  ];
}
