// The pod list's filtered and sorted order, kept up to date change by change: at 30,000 pods a full
// filter and sort takes tens of milliseconds, and under 100 changes a second it ran on every frame.
// A change now costs two binary searches; only a new query (filters, sort) or a new usage sample
// (CPU and memory sort by it) sorts everything again. It runs in a Web Worker
// (components/pods/list.worker.ts), so even those full sorts leave the page's main thread free.
import type { UsageSnapshot } from '../api/usage';
import { type CompiledFilters, compileFilters, type OwnerVia, type PodFilters } from './filter';
import type { PodRow } from './row';
import { usageMerger } from './usage-cells';

export interface ListQuery {
  filters: PodFilters;
  /** the owner filter's intermediates (a Deployment's ReplicaSets; a Set survives postMessage) */
  via?: OwnerVia;
}

export type ListMessage =
  | { type: 'apply'; seq: number; upserts: PodRow[]; deletes: string[] }
  | { type: 'usage'; seq: number; usage: UsageSnapshot | undefined }
  | { type: 'query'; seq: number; query: ListQuery };

export interface ListResult {
  /** the last message this result includes */
  seq: number;
  /** the matching rows' keys in order; absent when the order is what the previous result said */
  keys?: string[];
  count: number;
  selectorError?: string;
  /** every status any row has (the status filter's choices) */
  statuses: string[];
}

/**
 * An index that answers once per batch of messages: several changes queued while it sorted get
 * one answer (the worker's, and the same-thread fallback's where no Worker can start).
 */
export function answeringIndex(answer: (r: ListResult) => void): (m: ListMessage) => void {
  const index = new ListIndex();
  let queued = false;
  return (m) => {
    index.handle(m);
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      answer(index.result());
    }, 0);
  };
}

/** Above this many changes in one message a full sort is cheaper than one insertion each. */
const INCREMENTAL_MAX = 2000;

export class ListIndex {
  private rows = new Map<string, PodRow>();
  /** rows merged with their usage sample, as the query sees them */
  private seen = new Map<string, PodRow>();
  private usage: UsageSnapshot | undefined;
  private merge = usageMerger();
  private compiled: CompiledFilters | undefined;
  private sorted: PodRow[] = [];
  private statusCount = new Map<string, number>();
  private orderChanged = true;
  private seq = 0;

  handle(m: ListMessage): void {
    this.seq = m.seq;
    if (m.type === 'apply') this.apply(m.upserts, m.deletes);
    else if (m.type === 'usage') {
      this.usage = m.usage;
      for (const [k, r] of this.rows) this.seen.set(k, this.mergeOne(r));
      this.resort();
    } else {
      this.compiled = compileFilters(m.query.filters, m.query.via);
      this.resort();
    }
  }

  result(): ListResult {
    const r: ListResult = {
      seq: this.seq,
      count: this.sorted.length,
      selectorError: this.compiled?.selectorError,
      statuses: [...this.statusCount.keys()].sort(),
    };
    if (this.orderChanged) r.keys = this.sorted.map((x) => x.key);
    this.orderChanged = false;
    return r;
  }

  private mergeOne(r: PodRow): PodRow {
    return this.usage ? this.merge([r], this.usage)[0] : r;
  }

  private apply(upserts: PodRow[], deletes: string[]) {
    const incremental = this.compiled && upserts.length + deletes.length <= INCREMENTAL_MAX;
    for (const k of deletes) {
      const old = this.seen.get(k);
      if (!old) continue;
      this.count(old.status, -1);
      if (incremental) this.remove(old);
      this.rows.delete(k);
      this.seen.delete(k);
    }
    for (const r of upserts) {
      const old = this.seen.get(r.key);
      const next = this.mergeOne(r);
      if (old) this.count(old.status, -1);
      this.count(next.status, 1);
      this.rows.set(r.key, r);
      this.seen.set(r.key, next);
      if (!incremental) continue;
      // (an update that leaves the row where it was does not change the order)
      const at = old ? this.remove(old) : -1;
      const to = this.insert(next);
      if (at !== to) this.orderChanged = true;
    }
    if (deletes.length && incremental) this.orderChanged = true;
    if (!incremental) this.resort();
  }

  private resort() {
    const c = this.compiled;
    if (!c) return;
    const out: PodRow[] = [];
    for (const r of this.seen.values()) if (c.match(r)) out.push(r);
    out.sort(c.compare);
    this.sorted = out;
    this.orderChanged = true;
  }

  /** where `r` is, or would go, in the sorted rows */
  private position(r: PodRow): number {
    const cmp = this.compiled!.compare;
    let lo = 0,
      hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(this.sorted[mid], r) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** removes the row (as it was when inserted); its index, or -1 if the query did not keep it */
  private remove(old: PodRow): number {
    if (!this.compiled!.match(old)) return -1;
    const i = this.position(old);
    if (this.sorted[i]?.key !== old.key) return -1;
    this.sorted.splice(i, 1);
    return i;
  }

  private insert(r: PodRow): number {
    if (!this.compiled!.match(r)) return -1;
    const i = this.position(r);
    this.sorted.splice(i, 0, r);
    return i;
  }

  private count(status: string, d: number) {
    const n = (this.statusCount.get(status) ?? 0) + d;
    if (n > 0) this.statusCount.set(status, n);
    else this.statusCount.delete(status);
  }
}
