// GET /api/stream: this tab's one Server-Sent Events stream (see lib/stream/protocol.ts).
import { openStream } from '@/server/stream/sessions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(request: Request): Response {
  return openStream(request.signal);
}
