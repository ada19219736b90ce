import 'server-only';
// Prometheus metrics at /metrics, kept with prom-client (which also brings the standard process
// and Node.js metrics: resident memory, CPU, heap, event-loop lag, GC).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

// One registry per process, on globalThis: Next.js loads server modules once per route bundle.
const g = globalThis as unknown as { __podscopeMetrics?: ReturnType<typeof create> };

function create() {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const registers = [register];
  return {
    register,
    upstreamWatches: new Gauge({
      name: 'podscope_upstream_watches',
      help: 'List+watch caches currently running against Kubernetes API servers',
      registers,
    }),
    relists: new Counter({
      name: 'podscope_relists_total',
      help: 'Full lists made by watch caches (start, 410 Gone)',
      labelNames: ['resource'],
      registers,
    }),
    watchExpired: new Counter({
      name: 'podscope_watch_expired_total',
      help: 'Watch resumes the API server refused as too old (410 Gone), each followed by a relist',
      labelNames: ['resource'],
      registers,
    }),
    watchEvents: new Counter({
      name: 'podscope_watch_events_total',
      help: 'Watch events received from Kubernetes API servers',
      labelNames: ['resource'],
      registers,
    }),
    sseClients: new Gauge({ name: 'podscope_sse_clients', help: 'Open Server-Sent Events streams (browser tabs)', registers }),
    sseMessages: new Counter({ name: 'podscope_sse_messages_total', help: 'Messages sent on Server-Sent Events streams', registers }),
    sseBytes: new Counter({ name: 'podscope_sse_bytes_total', help: 'Bytes sent on Server-Sent Events streams', registers }),
    streamControlPassed: new Counter({
      name: 'podscope_stream_control_passed_total',
      help: "Stream control requests passed to the replica holding the stream (result: that replica's answer, or failed)",
      labelNames: ['result'],
      registers,
    }),
    logStreams: new Gauge({ name: 'podscope_log_streams', help: 'Open pod log streams', registers }),
    upstreamRequests: new Counter({
      name: 'podscope_upstream_requests_total',
      help: 'Requests Podscope made to Kubernetes API servers (lists, gets, logs; watches counted separately)',
      labelNames: ['method'],
      registers,
    }),
    livenessProbes: new Counter({
      name: 'podscope_liveness_probes_total',
      help: 'Liveness probes of API servers (/readyz; not counted as requests above), by result',
      labelNames: ['result'],
      registers,
    }),
    recorderPending: new Gauge({
      name: 'podscope_recorder_pending_writes',
      help: 'Flight-recorder writes queued, not yet committed',
      registers,
    }),
    recorderWrites: new Counter({
      name: 'podscope_recorder_writes_total',
      help: 'Flight-recorder writes committed (transitions, events, deleted pods)',
      registers,
    }),
    sharedDiagnosisPods: new Gauge({
      name: 'podscope_shared_diagnosis_pods',
      help: 'Pods the shared per-pod diagnosis watches, and how many of them have a finding (unhealthy)',
      labelNames: ['context', 'scope', 'kind'],
      registers,
    }),
    usagePoll: new Gauge({
      name: 'podscope_usage_poll_seconds',
      help: 'How long the last poll of the Metrics API took (request, parse, keeping the samples), and how many pods it returned',
      labelNames: ['context', 'scope', 'what'],
      registers,
    }),
    sharedDiagnosisPass: new Gauge({
      name: 'podscope_shared_diagnosis_full_pass_seconds',
      help: 'How long the last full pass of the shared diagnosis took (every pod: pre-filter, then the engine for the unhealthy)',
      labelNames: ['context', 'scope'],
      registers,
    }),
    sharedDiagnoses: new Counter({
      name: 'podscope_shared_diagnoses_total',
      help: 'Pods the shared diagnosis ran the engine on (pods that looked healthy are not counted)',
      registers,
    }),
    eventLoopStalls: new Histogram({
      name: 'podscope_event_loop_stall_seconds',
      help: 'Event-loop stalls: how late a 20 ms timer fired, when over 20 ms late (a long task held every request and stream that long)',
      buckets: [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers,
    }),
    eventLoopLongestStall: new Gauge({
      name: 'podscope_event_loop_longest_stall_seconds',
      help: 'The longest event-loop stall in the last 60 s',
      registers,
    }),
    requestDuration: new Histogram({
      name: 'podscope_request_duration_seconds',
      help: 'Duration of Podscope API requests',
      labelNames: ['route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

export const metrics = (g.__podscopeMetrics ??= withStallMonitor(create()));

/**
 * Measures event-loop stalls the way a user feels them: a timer due every 20 ms, and how late it
 * fires. (prom-client's nodejs_eventloop_lag_* sample the delay between scrapes; a soak has to
 * bound the worst one, so this keeps every stall in a histogram and the longest of the last
 * minute in a gauge: a ring of 60 per-second maxima.)
 */
function withStallMonitor(m: ReturnType<typeof create>): ReturnType<typeof create> {
  const every = 20;
  const perSecond = new Float64Array(60);
  let last = performance.now();
  let slot = Math.floor(last / 1000);
  setInterval(() => {
    const now = performance.now();
    const late = now - last - every;
    last = now;
    const s = Math.floor(now / 1000);
    const rolled = slot < s;
    for (; slot < s;) perSecond[++slot % 60] = 0; // a new second starts with no stall
    const stalled = late >= every;
    if (stalled) {
      m.eventLoopStalls.observe(late / 1000);
      perSecond[s % 60] = Math.max(perSecond[s % 60], late);
    }
    if (stalled || rolled) m.eventLoopLongestStall.set(Math.max(...perSecond) / 1000);
  }, every).unref();
  return m;
}
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  return { body: await metrics.register.metrics(), contentType: metrics.register.contentType };
}

/** A counter's or gauge's current value for these labels (0 when never set): for tests. */
export async function metricValue(m: Counter | Gauge, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await m.get();
  const want = Object.entries(labels);
  return values.filter((v) => want.every(([k, x]) => v.labels[k] === x)).reduce((n, v) => n + v.value, 0);
}
