'use client';
// The pod list's filtered, sorted keys, from the index in a Web Worker (list.worker.ts). The page
// sends it what changed since the last frame (a diff of the subscription's rows: the stream keeps
// an unchanged row's object, so this is a pass of identity checks), the query and usage samples.
// Where no Worker can start, the same index runs on the page.
import { useEffect, useRef, useState } from 'react';
import type { UsageSnapshot } from '@/lib/api/usage';
import type { OwnerVia, PodFilters } from '@/lib/pods/filter';
import { answeringIndex, type ListMessage, type ListResult } from '@/lib/pods/list-index';
import type { PodRow } from '@/lib/pods/row';

interface Port {
  post(m: ListMessage): void;
  close(): void;
}

function openPort(onResult: (r: ListResult) => void): Port {
  try {
    const w = new Worker(new URL('./list.worker.ts', import.meta.url), { type: 'module', name: 'pod-list-index' });
    w.onmessage = (e: MessageEvent<ListResult>) => onResult(e.data);
    return { post: (m) => w.postMessage(m), close: () => w.terminate() };
  } catch {
    return { post: answeringIndex(onResult), close: () => {} };
  }
}

/** a message before it is numbered */
type Unnumbered = ListMessage extends infer M ? (M extends ListMessage ? Omit<M, 'seq'> : never) : never;

export interface ListView {
  keys: string[];
  selectorError?: string;
  statuses: string[];
  /** the index has answered for the rows, query and usage it was last sent */
  current: boolean;
}

export function useListIndex(
  items: Map<string, PodRow>,
  usage: UsageSnapshot | undefined,
  filters: PodFilters,
  via: OwnerVia | undefined,
): ListView {
  const [view, setView] = useState<ListView>({ keys: [], statuses: [], current: false });
  const port = useRef<Port | null>(null);
  const seq = useRef(0);
  const sent = useRef(new Map<string, PodRow>());
  useEffect(() => {
    const p = openPort((r) =>
      setView((v) => ({ keys: r.keys ?? v.keys, selectorError: r.selectorError, statuses: r.statuses, current: r.seq === seq.current })),
    );
    port.current = p;
    return () => {
      p.close();
      port.current = null;
      sent.current = new Map();
    };
  }, []);
  const post = (m: Unnumbered) => port.current?.post({ ...m, seq: ++seq.current } as ListMessage);
  // the query first (a change of sort or filter re-sorts in the worker), then usage, then rows
  useEffect(() => post({ type: 'query', query: { filters, via } }), [filters, via]);
  useEffect(() => post({ type: 'usage', usage }), [usage]);
  useEffect(() => {
    const before = sent.current;
    const upserts: PodRow[] = [];
    const deletes: string[] = [];
    let added = 0;
    for (const [k, r] of items) {
      const b = before.get(k);
      if (b === r) continue;
      if (b === undefined) added++;
      upserts.push(r);
    }
    // (only when some key is gone: then the rows sent before are looked through for it)
    if (before.size + added > items.size) for (const k of before.keys()) if (!items.has(k)) deletes.push(k);
    sent.current = items;
    if (upserts.length || deletes.length) post({ type: 'apply', upserts, deletes });
  }, [items]);
  return view;
}
