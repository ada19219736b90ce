// Prometheus metrics.
import { renderMetrics } from '@/server/metrics';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Response {
  return new Response(renderMetrics(), { headers: { 'Content-Type': 'text/plain; version=0.0.4' } });
}
