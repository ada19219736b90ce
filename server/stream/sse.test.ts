import { describe, expect, it } from 'vitest';
import { isLaterPart, serverMessage } from '@/lib/api/stream';
import { moreFrame, snapshotFrame } from './sse';

const text = (parts: Uint8Array[]) => Buffer.concat(parts).toString('utf8');
const data = (frame: string) => frame.replace(/^data: /, '').trimEnd();

describe('SSE frames', () => {
  const items = new TextEncoder().encode('[{"uid":"a"}]');
  it('a later part is valid JSON of its type and is told by its first bytes', () => {
    const d = data(text(moreFrame('ctx|events', items, 3)));
    expect(serverMessage.parse(JSON.parse(d))).toMatchObject({ type: 'more', sub: 'ctx|events', left: 3 });
    expect(isLaterPart(d)).toBe(true);
  });
  it('a snapshot is not held as a later part', () => {
    const d = data(text(snapshotFrame('ctx|events', items, { phase: 'live', since: 1 }, 2)));
    expect(JSON.parse(d)).toMatchObject({ type: 'snapshot', more: 2 });
    expect(isLaterPart(d)).toBe(false);
  });
});
