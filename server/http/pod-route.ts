import 'server-only';
// The one wrapper for a pod's routes (/api/c/{context}/pods/{namespace}/{name}/…): the route
// parameters decoded once and validated (400 before anything else happens), then the handler,
// timed and with errors mapped to HTTP in one place (server/http/timed.ts).
import { podParams, type PodParams } from '@/lib/api/pods';
import { decodeSegment } from '@/lib/links';
import { timed } from './timed';
import { validated } from './validate';

type Params = { params: Promise<{ context: string; namespace: string; name: string } & Record<string, string>> };

export function podRoute<E extends Record<string, string> = Record<string, never>>(
  route: string,
  handler: (request: Request, pod: PodParams, extra: E) => Promise<Response> | Response,
) {
  return timed(route, async (request: Request, ctx: Params) => {
    const { context, namespace, name, ...extra } = await ctx.params;
    const pod = validated(podParams, { context: decodeSegment(context), namespace, name });
    return handler(request, pod, extra as unknown as E);
  });
}
