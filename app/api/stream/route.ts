// GET /api/stream: this tab's one Server-Sent Events stream (see lib/stream/protocol.ts).
import { requestIdentity } from '@/server/auth/identity';
import { errorResponse } from '@/server/errors';
import { openStream } from '@/server/stream/sessions';
import { startBackgroundRecorder } from '@/server/history/background';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(request: Request): Response {
  try {
    startBackgroundRecorder();
    return openStream(request.signal, requestIdentity(request));
  } catch (err) {
    return errorResponse(err);
  }
}
