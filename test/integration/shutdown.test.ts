// Graceful shutdown of the real server (server/main.ts on the production build): SIGTERM with a
// stream open and the flight recorder's latest writes still queued (it commits every 250 ms).
// The server must exit within 5 s (before a Pod's default 30 s grace ends in SIGKILL), its
// streams must end (so browsers reconnect elsewhere), and no write may be lost: every pod the
// API server showed it just before the signal is in the record afterwards (each pod's phase
// turning Running, the last change the stream showed).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { startAppServer, stopAppServer } from '../../e2e/app-server.ts';
import { paths, REPO_DIR } from '../../local-cluster/lib/paths.ts';
import { openStream } from '../support/sse.ts';
import { controlPlaneSettled, createNamespace, eventually, kubectl } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const NS = `podscope-shutdown-${Date.now().toString(36)}`;
const NAME = 'shutdown-server';
const N = 30;

afterAll(async () => {
  stopAppServer(NAME);
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('graceful shutdown', () => {
  it('SIGTERM with a stream open and writes queued: exits within 5 s, the stream ends, nothing recorded is lost', async () => {
    // (tests before this one restart the API server: start once new pods run again)
    await controlPlaneSettled();
    await createNamespace(NS);
    const app = await startAppServer({ name: NAME });
    const stream = await openStream(app.url);
    expect(stream.status).toBe(200);
    // all namespaces: the same watch the flight recorder records from, so a pod this stream has
    // seen has been handed to the recorder too (in the same turn)
    await stream.post({ subscribe: [{ id: 'pods', spec: { context: 'podscope-local', resource: 'pods', view: 'rows' } }] });
    await eventually('the snapshot', async () => stream.msgs.some((m) => m.type === 'snapshot') || undefined, 30_000, 50);

    const items = Array.from({ length: N }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: NS },
      spec: { containers: [{ name: 'c', image: 'registry.local/app:1.0' }] },
    }));
    await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) });
    const seen = new Set<string>();
    await eventually(
      'every pod Running on the stream',
      async () => {
        // (Running: the recorder records a pod's changes, not its first sight; its last change,
        // phase → Running, was queued moments ago, inside the recorder's 250 ms commit window)
        for (const m of stream.msgs)
          if (m.type === 'deltas')
            for (const u of m.upserts as { name: string; namespace: string; phase: string }[])
              if (u.namespace === NS && u.phase === 'Running') seen.add(u.name);
        return seen.size >= N || undefined;
      },
      90_000,
      10,
    );

    // at once: the recorder has queued these pods' first transitions, not yet committed them all
    const t = Date.now();
    process.kill(app.pid, 'SIGTERM');
    await eventually('the server gone', async () => !alive(app.pid) || undefined, 10_000, 20);
    const exitMs = Date.now() - t;
    expect(exitMs).toBeLessThan(5000);
    await eventually('the stream ended', async () => stream.ended || undefined, 2000, 20);

    const db = join(REPO_DIR, 'test-results', `${NAME}-data`, 'history.db');
    expect(existsSync(db)).toBe(true);
    const rows = new DatabaseSync(db, { readOnly: true })
      .prepare("SELECT DISTINCT pod FROM transitions WHERE context = ? AND pod LIKE ? AND kind = 'phase' AND to_state = 'Running'")
      .all('podscope-local', `${NS}/%`) as { pod: string }[];
    const recorded = new Set(rows.map((r) => r.pod));
    const missing = items.map((p) => `${NS}/${p.metadata.name}`).filter((k) => !recorded.has(k));
    expect(missing).toEqual([]);
  }, 300_000);
});
