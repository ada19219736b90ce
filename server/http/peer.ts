// The address of the client a request came from, as Podscope's own server (server/main.ts) saw
// it on the socket. Next's route handlers have no peer address, so that server writes it into a
// request header, overwriting any header of that name the client sent. Under another server
// (`next dev`) the header could be the client's own invention: then there is no peer address.
// No imports: server/main.ts loads this before Next.
export const PEER_HEADER = 'x-podscope-peer';

const g = globalThis as unknown as { __podscopeServer?: boolean };

export function markServedByPodscope(): void {
  g.__podscopeServer = true;
}

export function peerAddress(req: Request): string | undefined {
  if (!g.__podscopeServer) return undefined;
  return req.headers.get(PEER_HEADER) || undefined;
}
