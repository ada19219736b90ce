import 'server-only';
// The flight recorder's tables in SQLite: transitions, events about pods, deleted pods.
import type { V1Pod } from '@kubernetes/client-node';
import type { PodEvent } from '@/lib/events/normalize';
import { timeMs } from '@/lib/k8s/time';
import type { Transition } from '@/lib/timeline/transitions';
import type { UsagePoint } from '@/lib/usage/usage';
import type { DeletedPod, RecorderStatus, RecorderStore, SnapshotRow } from '../types';
import { resetSqliteWriter, sqliteWriter } from './writer';

interface TransitionRow {
  at: number;
  kind: Transition['kind'];
  subject: string | null;
  from_state: string | null;
  to_state: string;
  detail: string | null;
}

export class SqliteRecorderStore implements RecorderStore {
  private get w() {
    return sqliteWriter();
  }

  status(): RecorderStatus {
    this.w.flush(); // the status of every write made so far
    return this.w.status;
  }

  recordTransitions(context: string, podKey: string, added: Transition[], uid?: string): void {
    this.w.write((db) => {
      // (a transition recorded twice, by two replicas during a takeover, is kept once)
      const insert = db.prepare(
        'INSERT OR IGNORE INTO transitions (context, pod, uid, at, kind, subject, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const t of added)
        insert.run(context, podKey, uid ?? null, t.at, t.kind, t.subject ?? null, t.from ?? null, t.to, t.detail ?? null);
    });
  }

  async storedTransitions(context: string, podKey: string, limit = 2000, uid?: string): Promise<Transition[]> {
    return this.w.read((db) => {
      const rows = db
        .prepare(
          'SELECT at, kind, subject, from_state, to_state, detail FROM transitions WHERE context = ? AND pod = ? AND (? IS NULL OR uid IS NULL OR uid = ?) ORDER BY at DESC LIMIT ?',
        )
        .all(context, podKey, uid ?? null, uid ?? null, limit) as unknown as TransitionRow[];
      return rows.reverse().map((r) => ({
        at: Number(r.at),
        kind: r.kind,
        subject: r.subject ?? undefined,
        from: r.from_state ?? undefined,
        to: r.to_state,
        detail: r.detail ?? undefined,
      }));
    }, []);
  }

  recordEvents(context: string, events: { podKey: string; event: PodEvent }[]): void {
    if (!events.length) return;
    this.w.write((db) => {
      const upsert = db.prepare(
        'INSERT INTO events (context, pod, uid, last_seen, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (context, uid) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body',
      );
      for (const { podKey, event } of events)
        upsert.run(context, podKey, event.uid, timeMs(event.lastSeen) ?? Date.now(), JSON.stringify(event));
    });
  }

  async storedEvents(context: string, podKey: string, limit = 1000): Promise<PodEvent[]> {
    return this.w.read(
      (db) =>
        (
          db
            .prepare('SELECT body FROM events WHERE context = ? AND pod = ? ORDER BY last_seen DESC LIMIT ?')
            .all(context, podKey, limit) as { body: string }[]
        ).map((r) => JSON.parse(r.body) as PodEvent),
      [],
    );
  }

  async recentEvents(context: string, opts: { namespace?: string; limit: number }): Promise<PodEvent[]> {
    return this.w.read((db) => {
      const rows = (
        opts.namespace
          ? db
              .prepare('SELECT pod, body FROM events WHERE context = ? AND pod >= ? AND pod < ? ORDER BY last_seen DESC LIMIT ?')
              // (pod keys are "namespace/name": the namespace's keys sort between "ns/" and "ns0")
              .all(context, `${opts.namespace}/`, `${opts.namespace}0`, opts.limit)
          : db.prepare('SELECT pod, body FROM events WHERE context = ? ORDER BY last_seen DESC LIMIT ?').all(context, opts.limit)
      ) as { pod: string; body: string }[];
      return rows.map((r) => ({ namespace: r.pod.slice(0, r.pod.indexOf('/')), ...(JSON.parse(r.body) as PodEvent) }));
    }, []);
  }

  recordDeletionStart(context: string, podKey: string, pod: V1Pod, at: number): void {
    // deleted_at < 0: deletion began at -deleted_at and has not finished; the first version wins
    this.w.write((db) => {
      db.prepare('INSERT OR IGNORE INTO deleted_pods (context, pod, uid, deleted_at, body) VALUES (?, ?, ?, ?, ?)').run(
        context,
        podKey,
        pod.metadata?.uid ?? '',
        -at,
        JSON.stringify(pod),
      );
    });
  }

  recordDeletedPod(context: string, podKey: string, pod: V1Pod, at: number): void {
    this.w.write((db) => {
      db.prepare(
        'INSERT INTO deleted_pods (context, pod, uid, deleted_at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (context, pod, uid) DO UPDATE SET deleted_at = excluded.deleted_at',
      ).run(context, podKey, pod.metadata?.uid ?? '', at, JSON.stringify(pod));
    });
  }

  async deletedPod(context: string, podKey: string): Promise<DeletedPod | undefined> {
    return this.w.read((db) => {
      const r = db
        .prepare(
          'SELECT deleted_at, body FROM deleted_pods WHERE context = ? AND pod = ? AND deleted_at > 0 ORDER BY deleted_at DESC LIMIT 1',
        )
        .get(context, podKey) as { deleted_at: number; body: string } | undefined;
      return r ? { pod: JSON.parse(r.body) as V1Pod, deletedAt: Number(r.deleted_at) } : undefined;
    }, undefined);
  }

  recordUsage(context: string, samples: { podKey: string; container: string; point: UsagePoint }[]): void {
    if (!samples.length) return;
    this.w.write((db) => {
      const insert = db.prepare('INSERT OR IGNORE INTO usage (context, pod, container, at, cpu, memory) VALUES (?, ?, ?, ?, ?, ?)');
      for (const s of samples) insert.run(context, s.podKey, s.container, s.point.at, s.point.cpu, s.point.memory);
    });
  }

  async storedUsage(context: string, podKey: string, since: number): Promise<Record<string, UsagePoint[]>> {
    return this.w.read((db) => {
      const rows = db
        .prepare('SELECT container, at, cpu, memory FROM usage WHERE context = ? AND pod = ? AND at >= ? ORDER BY at ASC LIMIT 50000')
        .all(context, podKey, since) as { container: string; at: number; cpu: number; memory: number }[];
      const out: Record<string, UsagePoint[]> = {};
      for (const r of rows) (out[r.container] ??= []).push({ at: Number(r.at), cpu: r.cpu, memory: r.memory });
      return out;
    }, {});
  }

  async saveSnapshot(row: SnapshotRow): Promise<void> {
    this.w.writeNow((db) => {
      db.prepare('INSERT INTO snapshots (id, context, namespace, pod, created_at, body) VALUES (?, ?, ?, ?, ?, ?)').run(
        row.id,
        row.context,
        row.namespace,
        row.pod,
        row.createdAt,
        row.body,
      );
    });
  }

  async loadSnapshot(id: string): Promise<Pick<SnapshotRow, 'context' | 'namespace' | 'body'> | undefined> {
    return this.w.read(
      (db) =>
        db.prepare('SELECT context, namespace, body FROM snapshots WHERE id = ?').get(id) as
          Pick<SnapshotRow, 'context' | 'namespace' | 'body'> | undefined,
      undefined,
    );
  }

  async announceReplica(): Promise<void> {
    /* one process: there is no other replica to find it */
  }

  async replicaAddress(): Promise<string | undefined> {
    return undefined;
  }

  async flush(): Promise<void> {
    this.w.flush();
  }

  async prune(now = Date.now()): Promise<number> {
    this.w.flush();
    return this.w.prune(now);
  }

  async close(): Promise<void> {
    resetSqliteWriter();
  }
}
