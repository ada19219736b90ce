// Prometheus metrics (server/metrics.ts).
import { renderMetrics } from '@/server/metrics';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(): Promise<Response> {
  const m = await renderMetrics();
  return new Response(m.body, { headers: { 'Content-Type': m.contentType, 'Cache-Control': 'no-store' } });
}
