// A workload's merged logs against the real control plane: every pod of a Deployment in one
// stream, a pod that appears joins, a deleted one ends with a marker, a crash-looping pod's
// previous container is included, and a stream cut off mid-way resumes from its id with no line
// lost or repeated for any container. (The simulated pods all write the same live log file, one
// numbered line a second, so each pod's lines are `seq=N` in order: a gap or a repeat shows.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as mergedLogs } from '@/app/api/c/[context]/w/[namespace]/[kind]/[name]/logs/route';
import { paths } from '../../local-cluster/lib/paths.ts';
import { createNamespace, eventually, kubectl, podTable } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const CTX = 'podscope-local';
const ns = `it-merged-${Date.now().toString(36)}`;

type Wire = [string, string, string] | [string, string, string, 'marker'];
interface Frame {
  event: string;
  id?: string;
  data: unknown;
}

/** Opens the route in-process and collects its SSE frames until closed. */
function open(kind: string, name: string, opts: { lastEventId?: string; tail?: number } = {}) {
  const ctl = new AbortController();
  const frames: Frame[] = [];
  const q = new URLSearchParams(opts.tail ? { tail: String(opts.tail) } : {});
  const headers: Record<string, string> = opts.lastEventId ? { 'Last-Event-ID': opts.lastEventId } : {};
  const done = (async () => {
    const res = await mergedLogs(new Request(`http://podscope/api/logs?${q}`, { headers, signal: ctl.signal }), {
      params: Promise.resolve({ context: CTX, namespace: ns, kind, name }),
    });
    if (res.status !== 200) {
      frames.push({ event: 'http', data: { status: res.status, body: await res.text() } });
      return;
    }
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const raw = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const f: Partial<Frame> = { event: 'message' };
          for (const line of raw.split('\n')) {
            if (line.startsWith('id: ')) f.id = line.slice(4);
            else if (line.startsWith('event: ')) f.event = line.slice(7);
            else if (line.startsWith('data: ')) f.data = JSON.parse(line.slice(6));
          }
          if (f.data !== undefined) frames.push(f as Frame);
        }
      }
    } catch {
      /* aborted */
    }
  })();
  const lines = () => frames.filter((f) => f.event === 'lines').flatMap((f) => f.data as Wire[]);
  const lastId = () => frames.filter((f) => f.id).at(-1)?.id;
  return { frames, lines, lastId, close: () => ctl.abort(), done };
}

const seqsOf = (lines: Wire[], source: string) =>
  lines.filter((l) => l[0] === source && !l[3]).flatMap((l) => (/seq=(\d+)/.exec(l[2]) ? [Number(/seq=(\d+)/.exec(l[2])![1])] : []));
const markers = (lines: Wire[]) => lines.filter((l) => l[3] === 'marker').map((l) => `${l[0]}: ${l[2]}`);
const running = async (n: number) =>
  eventually(
    `${n} running pods`,
    async () => {
      const rows = (await podTable(ns)).filter((r) => r.status === 'Running');
      return rows.length === n ? rows.map((r) => r.name).sort() : undefined;
    },
    60_000,
  );

beforeAll(async () => {
  await createNamespace(ns);
  await kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']);
  await running(2);
}, 90_000);
afterAll(async () => {
  await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
});

describe('merged logs of a Deployment', () => {
  it('every pod in one ordered stream; a new pod joins, a deleted one ends with a marker; a resumed stream loses and repeats nothing', async () => {
    const first = await running(2);
    const s1 = open('deployment', 'web', { tail: 3 });
    await eventually(
      'lines from both pods',
      async () => first.every((p) => seqsOf(s1.lines(), `${p}/nginx`).length >= 3) || undefined,
      20_000,
    );
    // one stream, in timestamp order within each message
    for (const f of s1.frames.filter((x) => x.event === 'lines')) {
      const ts = (f.data as Wire[]).map((l) => l[1]);
      expect(ts).toEqual([...ts].sort());
    }
    expect(s1.frames.find((f) => f.event === 'hello')?.data).toMatchObject({ resumed: false });

    // a third pod joins
    await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=3']);
    const three = await running(3);
    const joined = three.find((p) => !first.includes(p))!;
    await eventually('the new pod in the stream', async () => seqsOf(s1.lines(), `${joined}/nginx`).length >= 2 || undefined, 20_000);
    expect(markers(s1.lines())).toContain(`${joined}: pod ${joined} joined`);

    // one is deleted: a marker, and its replacement joins
    const victim = first[0];
    await kubectl(['-n', ns, 'delete', 'pod', victim, '--wait=false']);
    await eventually(
      'the deletion marker',
      async () => markers(s1.lines()).includes(`${victim}: pod ${victim} was deleted`) || undefined,
      30_000,
    );

    // cut the stream off; resume from the last id it sent
    await new Promise((r) => setTimeout(r, 1500));
    const id = s1.lastId()!;
    expect(id).toMatch(/\/nginx=\d{4}-/);
    s1.close();
    await s1.done;
    const before = s1.lines();
    await new Promise((r) => setTimeout(r, 3000)); // lines written while nobody was connected
    const s2 = open('deployment', 'web', { lastEventId: id, tail: 3 });
    const survivors = three.filter((p) => p !== victim);
    await eventually(
      'lines after the gap from every surviving pod',
      async () => survivors.every((p) => seqsOf(s2.lines(), `${p}/nginx`).length >= 5) || undefined,
      20_000,
    );
    s2.close();
    await s2.done;
    expect(s2.frames.find((f) => f.event === 'hello')?.data).toMatchObject({ resumed: true });
    for (const p of survivors) {
      const a = seqsOf(before, `${p}/nginx`);
      const b = seqsOf(s2.lines(), `${p}/nginx`);
      const all = [...a, ...b];
      // nothing twice, and nothing missing: the numbers run on without a gap across the cut
      expect(new Set(all).size, `${p}: repeated lines`).toBe(all.length);
      expect(b[0], `${p}: first line after the resume`).toBe(a.at(-1)! + 1);
      for (let i = 1; i < all.length; i++) expect(all[i], `${p}: gap at ${i}`).toBe(all[i - 1] + 1);
    }
  }, 150_000);

  it("a crash-looping Deployment's merged log includes the previous container's last words", async () => {
    const ctl = new AbortController();
    const res = await mergedLogs(new Request('http://podscope/api/logs', { signal: ctl.signal }), {
      params: Promise.resolve({ context: CTX, namespace: 'demo-crash-error', kind: 'deployment', name: 'checkout' }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    const until = Date.now() + 20_000;
    while (!text.includes('giving up after 3 attempts') && Date.now() < until)
      text += new TextDecoder().decode((await reader.read()).value);
    ctl.abort();
    expect(text).toContain('fatal: giving up after 3 attempts, exiting with status 1');
  }, 30_000);

  it('a workload that does not exist is not found; a bad kind or name is refused before any request', async () => {
    const s = open('deployment', 'no-such-thing');
    await s.done;
    const u = s.frames.find((f) => f.event === 'unavailable')?.data as { kind: string; message: string };
    expect(u).toMatchObject({ kind: 'not-found' });
    expect(u.message).toMatch(/no deployment named no-such-thing in namespace/);
    const bad = open('pod', 'web');
    await bad.done;
    expect(bad.frames[0]).toMatchObject({ event: 'http', data: { status: 400 } });
    const badName = open('deployment', 'Web_1');
    await badName.done;
    expect(badName.frames[0]).toMatchObject({ event: 'http', data: { status: 400 } });
  }, 30_000);
});
