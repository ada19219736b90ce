// A TCP load balancer on 127.0.0.1 for the replica tests: each new connection goes to the next
// backend in turn (round-robin, no session affinity), as a Kubernetes Service's does at random.
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
