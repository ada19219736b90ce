// Liveness: the process serves requests.
export const dynamic = 'force-dynamic';
export function GET(): Response {
  return new Response('ok\n', { headers: { 'Content-Type': 'text/plain' } });
}
