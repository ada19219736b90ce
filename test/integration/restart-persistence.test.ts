// Nothing lost across Podscope's own restart: a server stopped with SIGTERM and started again on
// the same data directory (what a Pod with its PersistentVolumeClaim gets on a rollout; simulated
// nodes do not run Podscope's container, so the restart here is of the process) serves the
// snapshot link it handed out, the record of a pod deleted before the restart, and the pod
// transitions it recorded — none of which the API server can give it any more (a pod's record
// of transitions is only Podscope's).
import { afterAll, describe, expect, it } from 'vitest';
import { startAppServer, stopAppServer } from '../../e2e/app-server.ts';
import { paths } from '../../local-cluster/lib/paths.ts';
import { openStream, request } from '../support/sse.ts';
import { controlPlaneSettled, createNamespace, eventually, kubectl, pausePod } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const NS = `podscope-restart-${Date.now().toString(36)}`;
const NAME = 'restart-server';
const CTX = 'podscope-local';

afterAll(async () => {
  stopAppServer(NAME);
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

const podApi = (base: string, pod: string) => `${base}/api/c/${CTX}/pods/${NS}/${pod}`;

/** The recorded transitions of a pod, as the pod page's timeline gets them (the podtransitions feed). */
async function transitions(base: string, pod: string): Promise<{ at: number; kind: string; to: string }[]> {
  const s = await openStream(base);
  try {
    await s.post({ subscribe: [{ id: 't', spec: { context: CTX, resource: 'podtransitions', namespace: NS, name: pod, view: 'rows' } }] });
    const snap = await eventually(
      'the transitions snapshot',
      async () => s.msgs.find((m) => m.type === 'snapshot' && m.sub === 't'),
      30_000,
      50,
    );
    return (snap as { items: { at: number; kind: string; to: string }[] }).items;
  } finally {
    s.close();
  }
}

describe('a restart on the same data directory', () => {
  it('serves the snapshot, the deleted pod and the transitions the previous process recorded', async () => {
    await controlPlaneSettled();
    await createNamespace(NS);
    const first = await startAppServer({ name: NAME });
    // (the local-mode flight recorder watches every pod from the first page view or probe)
    expect((await request(`${first.url}/api/clusters`)).status).toBe(200);
    await kubectl(['apply', '-f', '-'], { input: pausePod(NS, 'kept') });
    await kubectl(['apply', '-f', '-'], { input: pausePod(NS, 'gone') });
    const running = async (pod: string) =>
      (await transitions(first.url, pod)).some((t) => t.kind === 'phase' && t.to === 'Running') || undefined;
    await eventually('kept recorded as Running', () => running('kept'), 60_000, 500);
    await eventually('gone recorded as Running', () => running('gone'), 60_000, 500);
    const before = await transitions(first.url, 'kept');

    const snap = await request(`${podApi(first.url, 'kept')}/snapshots`, { method: 'POST', headers: { Origin: first.url } });
    expect(snap.status).toBe(201);
    const { url: link } = JSON.parse(snap.body) as { url: string };
    const snapshotApi = (base: string) => `${base}/api/snapshots/${link.slice('/s/'.length)}?format=json`;
    const shared = JSON.parse((await request(snapshotApi(first.url))).body) as { pod: { metadata: { name: string; uid: string } } };

    await kubectl(['-n', NS, 'delete', 'pod', 'gone', '--wait=true']);
    const record = await eventually(
      'the deleted pod recorded',
      async () => {
        const r = await request(`${podApi(first.url, 'gone')}/history`);
        return r.status === 200 ? (JSON.parse(r.body) as { deletedAt: number; pod: { metadata: { uid: string } } }) : undefined;
      },
      30_000,
      200,
    );

    stopAppServer(NAME);
    const second = await startAppServer({ name: NAME, keepData: true });
    expect(second.pid).not.toBe(first.pid);

    // the link handed out before the restart still opens the same snapshot
    const again = await request(snapshotApi(second.url));
    expect(again.status).toBe(200);
    expect((JSON.parse(again.body) as typeof shared).pod.metadata).toMatchObject({ name: 'kept', uid: shared.pod.metadata.uid });
    expect((await request(`${second.url}${link}`)).status).toBe(200);

    // the pod deleted before the restart: the new process never saw it, the record did
    const rec = await request(`${podApi(second.url, 'gone')}/history`);
    expect(rec.status).toBe(200);
    expect(JSON.parse(rec.body)).toMatchObject({ deletedAt: record.deletedAt, pod: { metadata: { uid: record.pod.metadata.uid } } });

    // the transitions recorded by the first process (the second saw the pod Running from its first list)
    const after = await transitions(second.url, 'kept');
    for (const t of before) expect(after).toContainEqual(expect.objectContaining({ at: t.at, kind: t.kind, to: t.to }));
  }, 300_000);
});
