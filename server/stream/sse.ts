import 'server-only';
// The stream's snapshot message around items already encoded once for many streams.
import type { WatchState } from '@/lib/api/stream';

const encoder = new TextEncoder();

/** A part of a snapshot sent in parts, its items already encoded as one JSON array (type first: the browser tells a later part by its first bytes, isLaterPart). */
export function moreFrame(sub: string, items: Uint8Array, left: number): Uint8Array[] {
  return [encoder.encode(`data: {"type":"more","sub":${JSON.stringify(sub)},"items":`), items, encoder.encode(`,"left":${left}}\n\n`)];
}

export function snapshotFrame(sub: string, items: Uint8Array, state: WatchState, more = 0): Uint8Array[] {
  return [
    encoder.encode(`data: {"type":"snapshot","sub":${JSON.stringify(sub)},"items":`),
    items,
    encoder.encode(`,"state":${JSON.stringify(state)}${more ? `,"more":${more}` : ''}}\n\n`),
  ];
}
