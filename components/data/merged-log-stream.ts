'use client';
// A workload's merged logs, followed over Server-Sent Events (…/w/…/logs): lines kept in
// timestamp order in a bounded buffer (oldest dropped, and counted), each with its severity;
// the sources (pod/container) with a stable colour each; the stream's state. EventSource
// resumes a dropped connection with the last id, which carries every container's cursor.
import { useEffect, useRef, useState } from 'react';
import { workloadApi } from '@/lib/api/paths';
import { logStreamState, type LogStreamState } from '@/lib/api/pods';
import { mergedLines, mergedSources, type MergedSources } from '@/lib/api/workloads';
import { insertOrdered, type MergedLine } from '@/lib/logs/merged';
import { isContinuation, type Severity, severityOf } from '@/lib/logs/severity';

export interface ShownLine extends MergedLine {
  level?: Severity;
  /** the line's index in arrival order, a stable React key */
  seq: number;
}

export interface MergedLogOptions {
  context: string;
  namespace: string;
  kind: string;
  name: string;
  tail: number;
  maxLines: number;
}

export function useMergedLogStream(o: MergedLogOptions) {
  const buf = useRef<ShownLine[]>([]);
  const [version, setVersion] = useState(0);
  const [dropped, setDropped] = useState(0);
  const [sources, setSources] = useState<MergedSources>({ sources: [], skipped: 0 });
  /** every pod seen in this stream, in order of appearance (its colour is its index) */
  const [pods, setPods] = useState<string[]>([]);
  const [state, setState] = useState<LogStreamState>({ phase: 'connecting' });

  useEffect(() => {
    buf.current = [];
    setDropped(0);
    setPods([]);
    setVersion((v) => v + 1);
    setState({ phase: 'connecting' });
    const es = new EventSource(workloadApi(o.context, o.namespace, o.kind, o.name).logs(new URLSearchParams({ tail: String(o.tail) })));
    const last = new Map<string, { level?: Severity; ts: string }>();
    const known = new Set<string>();
    const podOf = (source: string) => source.split('/')[0];
    let seq = 0;
    let pending = false;
    const data = (ev: Event) => JSON.parse((ev as MessageEvent).data as string) as unknown;
    es.addEventListener('lines', (ev) => {
      const incoming: ShownLine[] = [];
      let fresh = false;
      for (const [source, ts, text, marker] of mergedLines.parse(data(ev))) {
        if (!known.has(podOf(source))) {
          fresh = true;
          known.add(podOf(source));
        }
        if (marker) {
          incoming.push({ source, ts, text, marker: true, seq: seq++ });
          continue;
        }
        // a stack frame has no level of its own: it is part of the line before it
        let level = severityOf(text);
        const prev = last.get(source);
        if (!level && prev && isContinuation(text)) level = prev.level;
        last.set(source, { level, ts });
        incoming.push({ source, ts, text, level, seq: seq++ });
      }
      insertOrdered(buf.current, incoming);
      if (buf.current.length > o.maxLines) {
        const extra = buf.current.length - o.maxLines;
        buf.current.splice(0, extra);
        setDropped((d) => d + extra);
      }
      if (fresh) setPods([...known]);
      if (!pending) {
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          setVersion((v) => v + 1);
        });
      }
    });
    es.addEventListener('sources', (ev) => {
      const s = mergedSources.parse(data(ev));
      setSources(s);
      for (const x of s.sources) known.add(x.pod);
      setPods([...known]);
    });
    es.addEventListener('state', (ev) => setState(logStreamState.parse(data(ev))));
    es.addEventListener('unavailable', (ev) => {
      setState({ ...logStreamState.partial().parse(data(ev)), phase: 'unavailable' });
      es.close();
    });
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) setState({ phase: 'reconnecting', message: 'connection to Podscope dropped; resuming' });
    };
    return () => es.close();
  }, [o.context, o.namespace, o.kind, o.name, o.tail, o.maxLines]);

  return { lines: buf, version, dropped, sources, pods, state };
}
