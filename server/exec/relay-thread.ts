// The port-forward relay's thread (a worker_threads Worker started by server/exec/relay.ts).
// Why a thread: a forward moves hundreds of MiB/s, and every chunk read from a socket is a fresh
// Buffer. Node's main isolate holds all of Next's heap (~90 MB), and V8 answers that much
// external memory with a full mark of the old heap every ~64 MB allocated; on a 2-core machine
// those marks took half a core from the relay. This thread's heap is a few MB, so its collections
// cost next to nothing, and the main thread's event loop is left to the UI's requests.
//
// What runs here is only bytes: the main thread decides who may forward what (RBAC, CSRF, Host,
// identity) and hands over, per connection, the API server URL and the TLS options and headers
// of that user. For each forward this thread listens where the main thread says (a port on
// 127.0.0.1 for a TCP forward, a Unix socket in a private directory for an HTTP forward, which
// only this process reaches) and relays each connection over one WebSocket in the port-forward
// protocol (v4.channel.k8s.io: channel 0 data, 1 errors; the first frame on each is the port).
//
// Plain Node (type-stripped TypeScript; imports Node's, `ws` and portforward-frames.ts only): it is
// loaded outside Next.
import { createServer, type Server, type Socket } from 'node:net';
import { parentPort } from 'node:worker_threads';
import WebSocket from 'ws';
import { portDataFrame, portFrameReader } from './portforward-frames.ts';

/** main → thread */
export type ToRelay =
  | { type: 'listen'; id: string; path?: string }
  | { type: 'upstream'; conn: number; url: string; protocols: string[]; tls: Record<string, unknown> }
  | { type: 'refuse'; conn: number; message: string }
  | { type: 'close'; id: string };

/** thread → main */
export type FromRelay =
  | { type: 'listening'; id: string; port?: number; error?: string }
  | { type: 'connect'; id: string; conn: number }
  | { type: 'conn-error'; id: string; message: string }
  | { type: 'stats'; id: string; bytes: number; connections: number }
  /** the answer to close: what moved since the last stats */
  | { type: 'closed'; id: string; bytes: number; connections: number };

interface Listener {
  server: Server;
  sockets: Set<Socket>;
  bytes: number;
  connections: number;
}

/** (an upload pauses the local socket while this much waits to be sent upstream) */
const UPLOAD_HIGH_WATER = 1 << 20;

const port = parentPort;
if (!port) throw new Error('relay-thread.ts runs as a worker thread');
const listeners = new Map<string, Listener>();
const waiting = new Map<number, { id: string; sock: Socket }>();
let nextConn = 1;
const post = (m: FromRelay) => port.postMessage(m);

function relay(id: string, l: Listener, sock: Socket, ws: WebSocket): void {
  const read = portFrameReader();
  let errorText = '';
  ws.on('message', (msg: Buffer) => {
    const f = read(msg);
    if (f?.channel === 'data') {
      l.bytes += f.body.length;
      if (!sock.write(f.body)) ws.pause();
    } else if (f?.channel === 'error') errorText += f.body.toString('utf8');
  });
  sock.on('drain', () => ws.resume());
  sock.on('data', (chunk: Buffer) => {
    l.bytes += chunk.length;
    ws.send(portDataFrame(chunk), () => {
      if (ws.bufferedAmount < UPLOAD_HIGH_WATER) sock.resume();
    });
    if (ws.bufferedAmount >= UPLOAD_HIGH_WATER) sock.pause();
  });
  sock.on('end', () => ws.close());
  ws.on('close', () => {
    if (errorText) post({ type: 'conn-error', id, message: errorText.trim() });
    // an error from the kubelet resets the connection; a clean end ends it
    if (errorText) sock.destroy();
    else sock.end();
  });
  ws.on('error', () => sock.destroy());
  sock.on('close', () => ws.terminate());
}

port.on('message', (m: ToRelay) => {
  if (m.type === 'listen') {
    const l: Listener = { server: createServer(), sockets: new Set(), bytes: 0, connections: 0 };
    l.server.on('connection', (sock) => {
      l.sockets.add(sock);
      l.connections++;
      sock.on('close', () => l.sockets.delete(sock));
      sock.on('error', () => sock.destroy());
      // (nothing is read until the upstream is open: a request's first bytes wait in the socket)
      sock.pause();
      const conn = nextConn++;
      waiting.set(conn, { id: m.id, sock });
      post({ type: 'connect', id: m.id, conn });
    });
    l.server.once('error', (err) => post({ type: 'listening', id: m.id, error: err.message }));
    const ready = () => {
      listeners.set(m.id, l);
      const addr = l.server.address();
      post({ type: 'listening', id: m.id, port: typeof addr === 'object' && addr ? addr.port : undefined });
    };
    if (m.path) l.server.listen(m.path, ready);
    else l.server.listen(0, '127.0.0.1', ready);
  } else if (m.type === 'upstream' || m.type === 'refuse') {
    const w = waiting.get(m.conn);
    waiting.delete(m.conn);
    const l = w && listeners.get(w.id);
    if (!w || !l || w.sock.destroyed) return;
    if (m.type === 'refuse') {
      post({ type: 'conn-error', id: w.id, message: m.message });
      return void w.sock.destroy();
    }
    const ws = new WebSocket(m.url, m.protocols, { ...m.tls, handshakeTimeout: 10_000, perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => {
      relay(w.id, l, w.sock, ws);
      w.sock.resume();
    });
    ws.once('unexpected-response', (_req, res) => {
      post({ type: 'conn-error', id: w.id, message: `the API server refused the port-forward (HTTP ${res.statusCode})` });
      res.resume();
      w.sock.destroy();
    });
    ws.once('error', (err) => {
      if (ws.readyState !== WebSocket.OPEN) post({ type: 'conn-error', id: w.id, message: err.message });
      w.sock.destroy();
    });
    w.sock.once('close', () => ws.readyState !== WebSocket.CLOSED && ws.terminate());
  } else if (m.type === 'close') {
    const l = listeners.get(m.id);
    if (!l) return post({ type: 'closed', id: m.id, bytes: 0, connections: 0 });
    listeners.delete(m.id);
    l.server.close();
    for (const s of l.sockets) s.destroy();
    post({ type: 'closed', id: m.id, bytes: l.bytes, connections: l.connections });
  }
});

// what moved, once a second, for the forwards list and the idle timer
setInterval(() => {
  for (const [id, l] of listeners) {
    if (l.bytes === 0 && l.connections === 0) continue;
    post({ type: 'stats', id, bytes: l.bytes, connections: l.connections });
    l.bytes = 0;
    l.connections = 0;
  }
}, 1000).unref();
