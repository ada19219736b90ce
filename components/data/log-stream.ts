'use client';
// One container's log, followed over Server-Sent Events (…/logs): lines into a bounded buffer,
// the stream's state, and a version that moves once per animation frame while lines arrive.
// The server and EventSource carry a resume cursor, so a dropped connection resumes without
// losing or repeating lines.
import { useEffect, useRef, useState } from 'react';
import { podApi } from '@/lib/api/paths';
import { logLines, logStreamState, type LogStreamState } from '@/lib/api/pods';
import type { LogLine } from '@/lib/logs/cursor';

export interface LogStreamOptions {
  context: string;
  namespace: string;
  pod: string;
  container?: string;
  previous: boolean;
  follow: boolean;
  tail?: string;
  sinceSeconds?: string;
  /** at most this many lines are kept; older ones are dropped (and counted) */
  maxLines: number;
}

export function useLogStream(o: LogStreamOptions) {
  const buf = useRef<LogLine[]>([]);
  const [version, setVersion] = useState(0);
  const [dropped, setDropped] = useState(0);
  const [state, setState] = useState<LogStreamState>({ phase: 'connecting' });

  useEffect(() => {
    if (!o.container) return;
    buf.current = [];
    setDropped(0);
    setVersion((v) => v + 1);
    setState({ phase: 'connecting' });
    const q = new URLSearchParams({
      container: o.container,
      previous: o.previous ? '1' : '0',
      follow: o.follow && !o.previous ? '1' : '0',
    });
    if (o.tail) q.set('tail', o.tail);
    if (o.sinceSeconds) q.set('sinceSeconds', o.sinceSeconds);
    const es = new EventSource(podApi(o.context, o.namespace, o.pod).logs(q));
    let pending = false;
    const data = (ev: Event) => JSON.parse((ev as MessageEvent).data as string) as unknown;
    es.addEventListener('lines', (ev) => {
      const lines = logLines.parse(data(ev));
      buf.current.push(...lines);
      if (buf.current.length > o.maxLines) {
        const extra = buf.current.length - o.maxLines;
        buf.current.splice(0, extra);
        setDropped((d) => d + extra);
      }
      if (!pending) {
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          setVersion((v) => v + 1);
        });
      }
    });
    es.addEventListener('state', (ev) => setState(logStreamState.parse(data(ev))));
    es.addEventListener('unavailable', (ev) => {
      setState({ ...logStreamState.partial().parse(data(ev)), phase: 'unavailable' });
      es.close();
    });
    es.addEventListener('end', () => {
      setState((s) => (s.phase === 'unavailable' ? s : { phase: 'ended' }));
      es.close();
    });
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) setState({ phase: 'reconnecting', message: 'connection to Podscope dropped; resuming' });
    };
    return () => es.close();
  }, [o.context, o.namespace, o.pod, o.container, o.previous, o.follow, o.tail, o.sinceSeconds, o.maxLines]);

  return { lines: buf, version, dropped, state };
}
