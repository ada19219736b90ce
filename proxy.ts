// Next.js runs this before every request (pages, API routes, static files): the request gate in
// server/http/gate.ts decides whether Podscope answers at all.
import type { NextRequest } from 'next/server';
import { gate } from './server/http/gate';

export function proxy(req: NextRequest) {
  return gate(req);
}
