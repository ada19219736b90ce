import { describe, expect, it } from 'vitest';
import type { ServerMessage, SubscriptionSpec } from '../api/stream';
import { applyMessage, emptySub, itemKey, moveConnection, reconnectDelay, silentTooLong } from './reducer';

const rows: SubscriptionSpec = { context: 'c', resource: 'pods', view: 'rows' };
const live = { phase: 'live' as const, since: 1 };

describe("one subscription's data", () => {
  it('a snapshot replaces everything, so nothing stale survives a reconnect', () => {
    let d = applyMessage(emptySub(0), rows, { type: 'snapshot', sub: 's', items: [{ key: 'ns/a' }, { key: 'ns/b' }], state: live });
    expect([...d.items.keys()]).toEqual(['ns/a', 'ns/b']);
    expect(d.ready).toBe(true);
    d = applyMessage(d, rows, { type: 'snapshot', sub: 's', items: [{ key: 'ns/c' }], state: live });
    expect([...d.items.keys()]).toEqual(['ns/c']);
  });
  it('deltas change only what they name, newest version wins, and never touch the input', () => {
    const before = applyMessage(emptySub(0), rows, {
      type: 'snapshot',
      sub: 's',
      items: [{ key: 'ns/a', v: 1 }, { key: 'ns/b' }],
      state: live,
    });
    const after = applyMessage(before, rows, {
      type: 'deltas',
      sub: 's',
      upserts: [{ key: 'ns/a', v: 2 }, { key: 'ns/d' }],
      deletes: ['ns/b'],
    } as ServerMessage);
    expect(Object.fromEntries(after.items)).toEqual({ 'ns/a': { key: 'ns/a', v: 2 }, 'ns/d': { key: 'ns/d' } });
    expect(before.items.get('ns/a')).toEqual({ key: 'ns/a', v: 1 });
    expect(after.version).toBe(before.version + 1);
  });
  it('a state message changes the state; an error makes the data final (ready)', () => {
    const d = applyMessage(emptySub(0), rows, {
      type: 'state',
      sub: 's',
      state: { phase: 'error', since: 5, message: 'forbidden', errorKind: 'forbidden' },
    });
    expect(d.ready).toBe(true);
    expect(d.state.errorKind).toBe('forbidden');
    expect(applyMessage(emptySub(0), rows, { type: 'state', sub: 's', state: { phase: 'reconnecting', since: 5 } }).ready).toBe(false);
  });
  it('files items by the key the server deletes by', () => {
    expect(itemKey({ context: 'c', resource: 'events', view: 'rows' }, { uid: 'u1' })).toBe('u1');
    expect(itemKey({ context: 'c', resource: 'pods', view: 'objects' }, { metadata: { namespace: 'n', name: 'p' } })).toBe('n/p');
    expect(itemKey({ context: 'c', resource: 'nodes', view: 'objects' }, { metadata: { name: 'node-1' } })).toBe('node-1');
    expect(itemKey({ context: 'c', resource: 'triage', view: 'objects' }, { id: 'x' })).toBe('x');
    expect(itemKey({ context: 'c', resource: 'podtransitions', view: 'objects' }, { at: 3, subject: 'app', to: 'running' })).toBe(
      '3|app|running',
    );
  });
});

describe('the connection', () => {
  it('remembers when it was last live, for "stale since"', () => {
    const c = { phase: 'live' as const, since: 0, lastMessageAt: 1000 };
    expect(moveConnection(c, 'reconnecting', 5000)).toEqual({ phase: 'reconnecting', since: 1000, lastMessageAt: 1000 });
    expect(moveConnection(c, 'live', 5000)).toBe(c);
    expect(moveConnection({ ...c, phase: 'reconnecting' }, 'live', 7000).since).toBe(7000);
  });
  it('counts as dead after 2.5 heartbeats of silence, only while live', () => {
    const c = { phase: 'live' as const, since: 0, lastMessageAt: 0 };
    expect(silentTooLong(c, 37_000, 15_000)).toBe(false);
    expect(silentTooLong(c, 38_000, 15_000)).toBe(true);
    expect(silentTooLong({ ...c, phase: 'reconnecting' }, 99_000, 15_000)).toBe(false);
  });
  it('reconnects after 0.5-1 s, doubling to at most 30 s', () => {
    expect(reconnectDelay(0, () => 0)).toBe(500);
    expect(reconnectDelay(0, () => 1)).toBe(1000);
    expect(reconnectDelay(3, () => 1)).toBe(8000);
    expect(reconnectDelay(20, () => 1)).toBe(30_000);
    expect(reconnectDelay(20, () => 0)).toBe(15_000);
  });
});

describe('a snapshot in parts', () => {
  it('is ready with its first part, pending until the last, and holds every item of every part', () => {
    const spec = { context: 'c', resource: 'events', view: 'rows' } as const;
    const live = { phase: 'live', since: 0 } as const;
    let d = applyMessage(emptySub(0), spec, { type: 'snapshot', sub: 's', items: [{ uid: 'new' }], state: live, more: 2 });
    expect(d.ready).toBe(true);
    expect(d.pending).toBe(2);
    d = applyMessage(d, spec, { type: 'more', sub: 's', items: [{ uid: 'older' }], left: 1 });
    expect(d.pending).toBe(1);
    d = applyMessage(d, spec, { type: 'more', sub: 's', items: [{ uid: 'oldest' }], left: 0 });
    expect(d.pending).toBeUndefined();
    expect([...d.items.keys()]).toEqual(['new', 'older', 'oldest']);
    // a new snapshot (after a reconnect) replaces them all, parts and all
    d = applyMessage(d, spec, { type: 'snapshot', sub: 's', items: [{ uid: 'again' }], state: live });
    expect([...d.items.keys()]).toEqual(['again']);
    expect(d.pending).toBeUndefined();
  });
});
