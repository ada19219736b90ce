// GET /api/snapshots/{id}?format=json|markdown: a snapshot, for an incident ticket (Markdown) or
// for tools (JSON). Needs the same rights as viewing it: get pods in its namespace.
import { snapshotMarkdown } from '@/lib/snapshot/markdown';
import { snapshotExportQuery } from '@/lib/api/snapshots';
import { requestIdentity } from '@/server/auth/identity';
import { validated } from '@/server/http/validate';
import { timed } from '@/server/http/timed';
import { readSnapshot } from '@/server/snapshots/snapshot';

export const dynamic = 'force-dynamic';

export const GET = timed('snapshot-export', async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const url = new URL(request.url);
  const p = validated(snapshotExportQuery, { id: (await ctx.params).id, format: url.searchParams.get('format') ?? undefined });
  const s = await readSnapshot(p.id, (context) => requestIdentity(request, context));
  const file = `podscope-${s.namespace}-${s.name}-${p.id}`;
  if (p.format === 'markdown') {
    return new Response(snapshotMarkdown(s, `${url.protocol}//${request.headers.get('host') ?? url.host}/s/${p.id}`), {
      headers: {
        'Content-Type': 'text/markdown; charset=utf-8',
        'Content-Disposition': `inline; filename="${file}.md"`,
        'Cache-Control': 'private, no-store',
      },
    });
  }
  return Response.json(s, { headers: { 'Content-Disposition': `inline; filename="${file}.json"`, 'Cache-Control': 'private, no-store' } });
});
