import 'server-only';
// Wraps a route handler: records its duration in podscope_request_duration_seconds, turns thrown
// errors into the one JSON error shape (server/errors.ts), and marks answers not cacheable.
import { errorResponse } from '../errors';
import { metrics } from '../metrics';

export function timed<A extends unknown[]>(route: string, handler: (...args: A) => Promise<Response> | Response) {
  return async (...args: A): Promise<Response> => {
    const t0 = performance.now();
    let status = 500;
    try {
      const res = await handler(...args);
      status = res.status;
      // every API answer is for one user: never kept by a browser or a shared cache
      if (!res.headers.has('Cache-Control')) res.headers.set('Cache-Control', 'private, no-store');
      return res;
    } catch (err) {
      const res = errorResponse(err);
      status = res.status;
      return res;
    } finally {
      metrics.requestDuration.observe({ route, status: String(status) }, (performance.now() - t0) / 1000);
    }
  };
}
