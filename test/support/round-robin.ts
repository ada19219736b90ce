// A TCP load balancer on 127.0.0.1 for the replica tests: each new connection goes to the next
// backend in turn (round-robin, no session affinity), as a Kubernetes Service's does at random.
import http from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface RoundRobin {
  port: number;
  /** how many connections each backend got */
  counts: number[];
  setBackends(ports: number[]): void;
  close(): void;
}

export async function startRoundRobin(): Promise<RoundRobin> {
  let backends: number[] = [];
  let next = 0;
  const counts: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (!backends.length) return void client.destroy();
    const i = next++ % backends.length;
    counts[i] = (counts[i] ?? 0) + 1;
    const up = connect(backends[i], '127.0.0.1');
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    client.pipe(up).on('error', () => client.destroy());
    up.pipe(client).on('error', () => up.destroy());
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
    up.on('close', () => client.destroy());
    client.on('close', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    counts,
    setBackends(ports) {
      backends = ports;
    },
    close() {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

/**
 * An HTTP balancer (as an Ingress controller is: each request, not each connection, picks its
 * backend), in the worst case on purpose: a request that opens a stream (GET /api/stream) goes to
 * the first backend, every other request to the second, so every control request reaches a
 * replica that does not hold its stream (with a browser's pooled connections, which replica a
 * request reaches is otherwise luck).
 */
export async function startStreamsApartBalancer(): Promise<RoundRobin> {
  let backends: number[] = [];
  const counts: number[] = [];
  const server = http.createServer((req, res) => {
    if (backends.length < 2) return void res.writeHead(503).end();
    const i = req.method === 'GET' && /^\/api\/stream(\?|$)/.test(req.url ?? '') ? 0 : 1;
    counts[i] = (counts[i] ?? 0) + 1;
    const up = http.request(
      { host: '127.0.0.1', port: backends[i], method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    counts,
    setBackends(ports) {
      backends = ports;
    },
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
