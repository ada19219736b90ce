import 'server-only';
// Prometheus metrics, kept in process and rendered in the text exposition format at /metrics.
type Labels = Record<string, string>;
const labelKey = (l?: Labels) =>
  l
    ? Object.entries(l)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
        .join(',')
    : '';

class Counter {
  private values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' = 'counter',
  ) {}
  inc(labels?: Labels, by = 1) {
    const k = labelKey(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  dec(labels?: Labels, by = 1) {
    this.inc(labels, -by);
  }
  get(labels?: Labels) {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ''} ${v}`);
    return lines.join('\n');
  }
}

class Histogram {
  private buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  private series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(seconds: number, labels?: Labels) {
    const k = labelKey(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    this.buckets.forEach((b, i) => {
      if (seconds <= b) s.counts[i]++;
    });
    s.sum += seconds;
    s.count++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      const sep = k ? `${k},` : '';
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{${sep}le="${b}"} ${s.counts[i]}`));
      lines.push(
        `${this.name}_bucket{${sep}le="+Inf"} ${s.count}`,
        `${this.name}_sum${k ? `{${k}}` : ''} ${s.sum}`,
        `${this.name}_count${k ? `{${k}}` : ''} ${s.count}`,
      );
    }
    return lines.join('\n');
  }
}

// One registry per process, kept on globalThis so Next.js module reloading in dev does not split it.
const g = globalThis as unknown as { __podscopeMetrics?: ReturnType<typeof create> };
function create() {
  return {
    upstreamWatches: new Counter(
      'podscope_upstream_watches',
      'List+watch caches currently running against Kubernetes API servers',
      'gauge',
    ),
    relists: new Counter('podscope_relists_total', 'Full lists made by watch caches (start, 410 Gone)'),
    watchEvents: new Counter('podscope_watch_events_total', 'Watch events received from Kubernetes API servers'),
    sseClients: new Counter('podscope_sse_clients', 'Open Server-Sent Events streams (browser tabs)', 'gauge'),
    sseMessages: new Counter('podscope_sse_messages_total', 'Messages sent on Server-Sent Events streams'),
    sseBytes: new Counter('podscope_sse_bytes_total', 'Bytes sent on Server-Sent Events streams'),
    logStreams: new Counter('podscope_log_streams', 'Open pod log streams', 'gauge'),
    upstreamRequests: new Counter(
      'podscope_upstream_requests_total',
      'Requests Podscope made to Kubernetes API servers (lists, gets, logs; watches counted separately)',
    ),
    recorderPending: new Counter('podscope_recorder_pending_writes', 'Flight-recorder writes queued, not yet committed', 'gauge'),
    recorderWrites: new Counter('podscope_recorder_writes_total', 'Flight-recorder writes committed (transitions, events, deleted pods)'),
    requestDuration: new Histogram('podscope_request_duration_seconds', 'Duration of Podscope API requests'),
  };
}
export const metrics = (g.__podscopeMetrics ??= create());

export function renderMetrics(): string {
  const mem = process.memoryUsage();
  const proc = [
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${mem.rss}`,
    '# HELP nodejs_heap_used_bytes V8 heap used.',
    '# TYPE nodejs_heap_used_bytes gauge',
    `nodejs_heap_used_bytes ${mem.heapUsed}`,
  ].join('\n');
  return `${Object.values(metrics)
    .map((m) => m.render())
    .join('\n')}\n${proc}\n`;
}
