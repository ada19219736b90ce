// Scale mode for benchmarks: many simulated nodes and pods, and a churn generator that creates,
// updates and deletes pods at a steady rate. Both are bounded in count and time.
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { registerNodes } from '../lib/cluster.ts';
import { readState } from '../lib/cluster.ts';
import { scaleNodes } from '../lib/nodes.ts';
import { paths } from '../lib/paths.ts';

export const SCALE_NS_PREFIX = 'scale-';
const nsName = (i: number) => `${SCALE_NS_PREFIX}${String(i).padStart(3, '0')}`;

/** A small keep-alive client for the apiserver (kubectl per request is far too slow for 100 ops/s). */
export function apiClient(maxSockets = 16) {
  const state = readState();
  if (!state) throw new Error('the local cluster is not up');
  const agent = new Agent({
    keepAlive: true,
    maxSockets,
    ca: readFileSync(`${paths.pki}/ca.crt`),
    cert: readFileSync(`${paths.pki}/admin.crt`),
    key: readFileSync(`${paths.pki}/admin.key`),
  });
  return (method: string, path: string, body?: unknown, contentType = 'application/json', accept = 'application/json') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers: Record<string, string | number> = { Accept: accept };
      if (payload) {
        headers['Content-Type'] = contentType;
        headers['Content-Length'] = payload.length;
      }
      const req = request(`${state.server}${path}`, { method, agent, headers, timeout: 30_000 }, (res) => {
        let data = '';
        res
          .setEncoding('utf8')
          .on('data', (c: string) => {
            data += c;
          })
          .on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on('error', reject);
      req.end(payload);
    });
}

export async function scaleUp(opts: { nodes: number; pods: number; namespaces: number; log?: (l: string) => void }): Promise<void> {
  const log = opts.log ?? console.log;
  if (opts.nodes < 1 || opts.nodes > 1000) throw new Error('--nodes must be between 1 and 1000');
  if (opts.pods < 0 || opts.pods > 50_000) throw new Error('--pods must be between 0 and 50000');
  if (opts.namespaces < 1 || opts.namespaces > 1000) throw new Error('--namespaces must be between 1 and 1000');
  const t0 = Date.now();
  const state = readState()!;
  await registerNodes(scaleNodes(opts.nodes), state.binDir.match(/k8s-(v[0-9.]+)/)?.[1] ?? 'v0.0.0');
  log(`scale: ${opts.nodes} nodes registered`);
  const api = apiClient();
  const perNs = Math.floor(opts.pods / opts.namespaces);
  let extra = opts.pods - perNs * opts.namespaces;
  for (let i = 0; i < opts.namespaces; i++) {
    const ns = nsName(i);
    const replicas = perNs + (extra-- > 0 ? 1 : 0);
    const r1 = await api('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'podscope.dev/scale': 'true' } },
    });
    if (r1.status !== 201 && r1.status !== 409) throw new Error(`creating namespace ${ns}: ${r1.status} ${r1.body}`);
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'svc', namespace: ns },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'svc' } },
        template: {
          metadata: { labels: { app: 'svc' } },
          spec: {
            containers: [
              { name: 'app', image: 'ghcr.io/podscope-demo/svc:1.0.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } },
            ],
          },
        },
      },
    };
    const r2 = await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, deploy);
    if (r2.status === 409)
      await api('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/svc`, { spec: { replicas } }, 'application/merge-patch+json');
    else if (r2.status !== 201) throw new Error(`creating deployment in ${ns}: ${r2.status} ${r2.body}`);
  }
  log(`scale: ${opts.namespaces} namespaces with ${opts.pods} pods requested; waiting for them to run`);
  // Progress from metadata-only lists (a tenth of the bytes of full pods), every 10 s: full
  // lists of 10,000 pods every few seconds would themselves slow the API server down.
  const count = async (selector: string) => {
    const r = await api(
      'GET',
      `/api/v1/pods?labelSelector=app%3Dsvc&fieldSelector=${encodeURIComponent(selector)}`,
      undefined,
      'application/json',
      'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
    );
    return (JSON.parse(r.body) as { items?: unknown[] }).items?.length ?? 0;
  };
  const deadline = Date.now() + 30 * 60_000;
  let running = 0;
  while (Date.now() < deadline) {
    running = await count('status.phase=Running');
    log(`scale: ${running}/${opts.pods} pods running (${Math.round((Date.now() - t0) / 1000)}s)`);
    if (running >= opts.pods) break;
    await new Promise((res) => setTimeout(res, 10_000));
  }
  log(`scale: ${running} pods running after ${Math.round((Date.now() - t0) / 1000)}s`);
}

export interface ChurnResult {
  ops: number;
  updates: number;
  deletes: number;
  errors: number;
  seconds: number;
  /** operations that could not start on time because `maxInFlight` were still waiting on the API server */
  late: number;
}

/**
 * Updates and deletes scale-mode pods at `rate` operations per second for `durationSeconds`
 * (bounded: at most rate × duration operations). Deleted pods are re-created by their
 * ReplicaSets, so churn covers create, update and delete.
 *
 * The driver never waits on anything but its clock and its in-flight bound: the pod names come
 * from one metadata-only list at the start, refreshed in the background every few seconds (a
 * deleted pod's name leaves the list at once; its replacement joins on the next refresh). It
 * used to list a namespace again after each delete, in line, which held it to about 60 ops/s.
 */
export async function churn(opts: {
  rate: number;
  durationSeconds: number;
  namespaces: number;
  deleteFraction?: number;
  maxInFlight?: number;
  log?: (l: string) => void;
  signal?: AbortSignal;
}): Promise<ChurnResult> {
  const log = opts.log ?? console.log;
  if (opts.rate < 1 || opts.rate > 2000) throw new Error('--rate must be between 1 and 2000');
  if (opts.durationSeconds < 1 || opts.durationSeconds > 3600) throw new Error('--duration must be between 1 and 3600 seconds');
  const api = apiClient(64);
  const deleteFraction = opts.deleteFraction ?? 0.1;
  const maxInFlight = opts.maxInFlight ?? 64;
  const res: ChurnResult = { ops: 0, updates: 0, deletes: 0, errors: 0, seconds: 0, late: 0 };
  let names = new Map<string, string[]>();
  const refresh = async () => {
    const r = await api(
      'GET',
      '/api/v1/pods?labelSelector=app%3Dsvc',
      undefined,
      'application/json',
      'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
    );
    if (r.status !== 200) throw new Error(`listing scale pods: ${r.status} ${r.body.slice(0, 200)}`);
    const next = new Map<string, string[]>();
    for (const p of (JSON.parse(r.body) as { items?: { metadata: { name: string; namespace: string; deletionTimestamp?: string } }[] })
      .items ?? []) {
      if (p.metadata.deletionTimestamp || !p.metadata.namespace.startsWith(SCALE_NS_PREFIX)) continue;
      const list = next.get(p.metadata.namespace) ?? [];
      list.push(p.metadata.name);
      next.set(p.metadata.namespace, list);
    }
    names = next;
  };
  await refresh();
  const t0 = Date.now();
  let refreshing: Promise<void> | undefined;
  let lastRefresh = t0;
  const total = opts.rate * opts.durationSeconds;
  let inflight = 0;
  for (let i = 0; i < total && !opts.signal?.aborted; i++) {
    const due = t0 + (i * 1000) / opts.rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inflight >= maxInFlight) {
      res.late++;
      while (inflight >= maxInFlight) await new Promise((r) => setTimeout(r, 2));
    }
    if (Date.now() - t0 > (opts.durationSeconds + 5) * 1000) break;
    if (!refreshing && Date.now() - lastRefresh > 5000)
      refreshing = refresh()
        .catch(() => {})
        .finally(() => {
          refreshing = undefined;
          lastRefresh = Date.now();
        });
    const ns = nsName(i % opts.namespaces);
    const pods = names.get(ns);
    if (!pods?.length) continue;
    const idx = (i * 7919) % pods.length;
    const pod = pods[idx];
    const del = i % Math.round(1 / deleteFraction) === 0;
    if (del) pods.splice(idx, 1);
    inflight++;
    const op = del
      ? api('DELETE', `/api/v1/namespaces/${ns}/pods/${pod}`, { gracePeriodSeconds: 0 }).then((r) => {
          res.deletes++;
          return r;
        })
      : api(
          'PATCH',
          `/api/v1/namespaces/${ns}/pods/${pod}`,
          { metadata: { annotations: { 'podscope.dev/churn': String(i) } } },
          'application/merge-patch+json',
        ).then((r) => {
          res.updates++;
          return r;
        });
    op.then(
      (r) => {
        if (r.status >= 300 && r.status !== 404) res.errors++;
      },
      () => {
        res.errors++;
      },
    ).finally(() => {
      inflight--;
      res.ops++;
    });
    if (i > 0 && i % (opts.rate * 10) === 0)
      log(`churn: ${res.ops} ops (${res.updates} updates, ${res.deletes} deletes, ${res.errors} errors)`);
  }
  while (inflight > 0 || refreshing) await (refreshing ?? new Promise((r) => setTimeout(r, 20)));
  res.seconds = (Date.now() - t0) / 1000;
  log(
    `churn: done: ${res.ops} ops in ${res.seconds.toFixed(1)}s = ${(res.ops / res.seconds).toFixed(1)}/s (${res.updates} updates, ${res.deletes} deletes, ${res.errors} errors, ${res.late} late)`,
  );
  return res;
}
