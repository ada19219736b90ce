// Bad input gets a clear 4xx and changes nothing: no request reaches the Kubernetes API server
// and no watch is started. Route handlers are called directly, as Next.js would call them.
import { describe, expect, it } from 'vitest';
import { GET as logs } from '@/app/api/c/[context]/pods/[namespace]/[name]/logs/route';
import { GET as diagnosis } from '@/app/api/c/[context]/pods/[namespace]/[name]/diagnosis/route';
import { POST as subscribe } from '@/app/api/stream/[session]/route';
import { GET as stream } from '@/app/api/stream/route';
import { metrics, metricValue } from '@/server/metrics';
import { openStream } from '@/server/stream/sessions';
import { LOCAL, principalOf } from '@/server/auth/identity';
import { paths } from '../../local-cluster/lib/paths.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const params = <T>(p: T) => ({ params: Promise.resolve(p) });
const upstream = async () =>
  (await metricValue(metrics.upstreamRequests, { method: 'GET' })) +
  (await metricValue(metrics.upstreamRequests, { method: 'POST' })) +
  (await metricValue(metrics.upstreamWatches));

async function expect4xx(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { kind: string; message: string } };
  expect(body.error.message).toMatch(message);
}

describe('bad input never reaches the cluster', () => {
  it('log requests with bad names, containers or bounds', async () => {
    const before = await upstream();
    const pod = { context: 'podscope-local', namespace: 'demo-healthy', name: 'web-1' };
    const cases: [Partial<typeof pod>, string, RegExp][] = [
      [{ namespace: '../../etc' }, 'container=web', /namespace: must be a DNS-1123 label/],
      [{ name: 'a/../b' }, 'container=web', /name: must be a DNS-1123 subdomain/],
      [{ name: 'x'.repeat(300) }, 'container=web', /name/],
      [{}, 'container=WEB', /container: must be a DNS-1123 label/],
      [{}, 'container=web&tail=-5', /tail/],
      [{}, 'container=web&tail=abc', /tail/],
      [{}, 'container=web&tail=1000000000', /tail/],
      [{}, 'container=web&sinceSeconds=0', /sinceSeconds/],
      [{}, 'container=web&previous=maybe', /previous/],
      [{}, 'container=web&evil=1', /evil|Unrecognized/i],
      [{ context: 'a\u0000b' }, 'container=web', /context/],
    ];
    for (const [p, q, msg] of cases) {
      await expect4xx(await logs(new Request(`http://podscope/api/logs?${q}`), params({ ...pod, ...p })), 400, msg);
    }
    expect(await upstream()).toBe(before);
  });

  it('diagnosis of invalid names', async () => {
    const before = await upstream();
    await expect4xx(
      await diagnosis(new Request('http://podscope/x'), params({ context: 'podscope-local', namespace: 'Bad_NS', name: 'p' })),
      400,
      /namespace/,
    );
    expect(await upstream()).toBe(before);
  });

  it('stream subscriptions: malformed JSON, unknown fields, bad names, oversized bodies, unknown sessions', async () => {
    const ctl = new AbortController();
    const res = openStream(ctl.signal, principalOf(LOCAL));
    const reader = res.body!.getReader();
    // (the stream starts with its reconnect delay, `retry: 1000`, then the hello)
    let text = '';
    while (!/^data: .*\n\n/m.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    const hello = /^data: (.*)$/m.exec(text)![1];
    const session = (JSON.parse(hello) as { session: string }).session;
    const before = await upstream();
    const post = (body: string, id = session) =>
      subscribe(new Request(`http://podscope/api/stream/${id}`, { method: 'POST', body }), params({ session: id }));
    const spec = { context: 'podscope-local', resource: 'pods', view: 'rows' };
    await expect4xx(await post('{not json'), 400, /not JSON/);
    await expect4xx(
      await post(JSON.stringify({ subscribe: [{ id: 'a', spec: { ...spec, namespace: '../kube-system' } }] })),
      400,
      /namespace/,
    );
    await expect4xx(await post(JSON.stringify({ subscribe: [{ id: 'a', spec: { ...spec, resource: 'secrets' } }] })), 400, /resource/);
    await expect4xx(
      await post(JSON.stringify({ subscribe: [{ id: 'a', spec: { ...spec, labelSelector: 'x' } }] })),
      400,
      /labelSelector|Unrecognized/i,
    );
    await expect4xx(await post(JSON.stringify({ subscribe: [{ id: 'a', spec }], extra: 1 })), 400, /extra|Unrecognized/i);
    await expect4xx(await post('x'.repeat(300 * 1024)), 400, /too large/);
    await expect4xx(await post(JSON.stringify({ subscribe: [{ id: 'a', spec }] }), 'no-such-session'), 404, /closed/);
    expect(await upstream()).toBe(before);
    ctl.abort();
    await reader.cancel().catch(() => undefined);
  });

  it('a stream opened with its subscriptions: bad ones refuse the stream, good ones snapshot without a POST', async () => {
    const before = await upstream();
    const open = (param: string) => stream(new Request(`http://podscope/api/stream?subscribe=${encodeURIComponent(param)}`));
    const spec = { context: 'podscope-local', resource: 'pods', view: 'rows' };
    await expect4xx(await open('{not json'), 400, /not JSON/);
    await expect4xx(await open(JSON.stringify([{ id: 'a', spec: { ...spec, namespace: '../kube-system' } }])), 400, /namespace/);
    await expect4xx(await open(JSON.stringify([{ id: 'a', spec: { ...spec, resource: 'secrets' } }])), 400, /resource/);
    await expect4xx(await open(JSON.stringify({ id: 'a', spec })), 400, /array|expected/i);
    expect(await upstream()).toBe(before);

    const res = await open(JSON.stringify([{ id: 'pods', spec: { ...spec, namespace: 'default' } }]));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 30_000;
    while (!/"type":"snapshot","sub":"pods"/.test(text) && Date.now() < deadline) text += decoder.decode((await reader.read()).value);
    expect(text).toMatch(/"type":"hello"/);
    expect(text).toMatch(/"type":"snapshot","sub":"pods"/);
    await reader.cancel().catch(() => undefined);
  });
});
