import 'server-only';
// Port-forward (pods/portforward), off unless PODSCOPE_PORT_FORWARD=on. A forward is opened by
// one user for one pod port and is listed with who opened it, until it is closed on request or
// after PODSCOPE_EXEC_IDLE_SECONDS without use:
// - kind "http": Podscope serves that port under /forward/{id}/… (app/forward) to the user who
//   opened it, as that user (their identity, their RBAC), so "open this pod's /metrics" works in a
//   browser. What the pod answers is data: it is sandboxed (no script runs in Podscope's origin),
//   and none of the browser's cookies or credentials reach the pod.
// - kind "tcp" (local mode only: Podscope runs as the one person using it): a port on 127.0.0.1
//   of this machine, each connection forwarded to the pod's port, as `kubectl port-forward` does.
// Each connection is one WebSocket to the API server in the plain port-forward protocol
// (v4.channel.k8s.io): channel 0 carries the data and channel 1 errors, and the first frame on
// each channel is the port number (2 bytes, little-endian).
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { mayOnPod } from '../auth/access';
import { type Identity, identityKey } from '../auth/identity';
import { config } from '../config';
import { AppError, toAppError } from '../errors';
import { kubeConfigFor } from '../kube/clusters';
import { whoIs } from '../kube/info';
import { log } from '../log';
import { type RelayThread, relayThread } from './relay';
import { portDataFrame, portFrameReader } from './portforward-frames';
import { openUpstream } from './upstream';

export const FORWARD_PROTOCOLS = ['v4.channel.k8s.io'] as const;

export interface ForwardTarget {
  context: string;
  namespace: string;
  pod: string;
  port: number;
}

/**
 * A byte stream to the pod's port through the API server. Reads are the port's data; an error
 * the kubelet reports on the error channel ends the stream with that error.
 */
export async function openPortStream(id: Identity, t: ForwardTarget): Promise<Duplex> {
  const path = `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}/portforward?ports=${t.port}`;
  const ws: WebSocket = await openUpstream(kubeConfigFor(t.context, id), path, FORWARD_PROTOCOLS);
  const read = portFrameReader();
  let errorText = '';
  const stream = new Duplex({
    // (the default 16 KiB would pause the API server's socket every few frames of a download)
    readableHighWaterMark: 1 << 20,
    writableHighWaterMark: 1 << 20,
    write(chunk: Buffer, _enc, done) {
      ws.send(portDataFrame(chunk), done);
    },
    final(done) {
      ws.close();
      done();
    },
    read() {
      ws.resume();
    },
    destroy(err, done) {
      ws.terminate();
      done(err);
    },
  });
  ws.on('message', (msg: Buffer) => {
    const f = read(msg);
    if (f?.channel === 'data' && !stream.push(f.body)) ws.pause();
    if (f?.channel === 'error') errorText += f.body.toString('utf8');
  });
  ws.on('close', () => {
    if (errorText) stream.destroy(new AppError('unavailable', `the pod's port ${t.port} answered with an error: ${errorText.trim()}`));
    else stream.push(null);
  });
  ws.on('error', (err) => stream.destroy(err));
  return stream;
}

export interface Forward extends ForwardTarget {
  id: string;
  kind: 'http' | 'tcp';
  /** who opened it (the API server's name for them), and their identity's key */
  who: string;
  owner: string;
  openedAt: number;
  lastUsedAt: number;
  connections: number;
  bytes: number;
  /** tcp: the port on 127.0.0.1 */
  localPort?: number;
}

interface Held extends Forward {
  identity: Identity;
  /** the relay thread that carries this forward's bytes (relay.ts); unset: this thread does */
  relay?: RelayThread;
  /** http, relayed: the Unix socket the relay thread listens on for it */
  socketPath?: string;
  server?: Server;
  sockets: Set<Socket>;
  idle?: NodeJS.Timeout;
}

const g = globalThis as unknown as { __podscopeForwards?: Map<string, Held> };
const forwards = (g.__podscopeForwards ??= new Map());

const audit = (event: 'forward open' | 'forward close' | 'forward refused', fields: Record<string, unknown>) =>
  log.info('audit', { action: 'port-forward', event, at: new Date().toISOString(), ...fields });

export function publicForward(f: Held | Forward): Forward {
  const { id, kind, who, owner, openedAt, lastUsedAt, connections, bytes, localPort, context, namespace, pod, port } = f;
  return { id, kind, who, owner, openedAt, lastUsedAt, connections, bytes, localPort, context, namespace, pod, port };
}

/** The pod's forwards, whoever opened them (each says who). */
export function forwardsOf(context: string, namespace: string, pod: string): Forward[] {
  return [...forwards.values()].filter((f) => f.context === context && f.namespace === namespace && f.pod === pod).map(publicForward);
}

function touch(f: Held): void {
  if (!forwards.has(f.id)) return; // (the relay thread's last report can come after the close)
  const now = Date.now();
  // (a download touches it on every frame: re-arm the idle timer at most once a second)
  if (f.idle && now - f.lastUsedAt < 1000) return;
  f.lastUsedAt = now;
  clearTimeout(f.idle);
  const ms = config().PODSCOPE_EXEC_IDLE_SECONDS * 1000;
  f.idle = setTimeout(() => void closeForward(f.id, 'idle'), ms);
  f.idle.unref?.();
}

/** A refusal before a forward is asked for (wrong CSRF token, another site), audited like the others. */
export function auditForwardRefused(t: Omit<ForwardTarget, 'port'> & { port?: number }, err: unknown): void {
  const e = toAppError(err);
  audit('forward refused', { context: t.context, pod: `${t.namespace}/${t.pod}`, port: t.port, result: `${e.kind}: ${e.message}` });
}

/** Opens a forward as this identity: its RBAC (create pods/portforward) decides, and the port must answer. */
export async function openForward(identity: Identity, t: ForwardTarget, kind: 'http' | 'tcp'): Promise<Forward> {
  const owner = identityKey(t.context, identity);
  const who = await whoIs(t.context, identity);
  const base = { who, context: t.context, pod: `${t.namespace}/${t.pod}`, port: t.port, kind };
  try {
    if (!(await mayOnPod(t.context, identity, t.namespace, t.pod, 'create', 'portforward')))
      throw new AppError(
        'forbidden',
        `you may not forward ports of pod ${t.namespace}/${t.pod}`,
        'ask for create on pods/portforward in that namespace',
      );
    if (kind === 'tcp' && config().PODSCOPE_AUTH !== 'none')
      throw new AppError(
        'forbidden',
        'a TCP port on this machine is offered in local mode only (PODSCOPE_AUTH=none)',
        'use an HTTP forward',
      );
    const mine = [...forwards.values()].filter((f) => f.owner === owner).length;
    if (mine >= config().PODSCOPE_EXEC_MAX_PER_USER)
      throw new AppError('too-many', `you have ${mine} forwards open, the most allowed (PODSCOPE_EXEC_MAX_PER_USER)`, 'close one first');
    // the pod's port must answer now: a forward that cannot work is refused, not listed
    const probe = await openPortStream(identity, t);
    probe.destroy();
    const f: Held = {
      ...t,
      id: randomBytes(12).toString('base64url'),
      kind,
      who,
      owner,
      identity,
      openedAt: Date.now(),
      lastUsedAt: Date.now(),
      connections: 0,
      bytes: 0,
      sockets: new Set(),
    };
    const relay = relayThread(f);
    if (relay) {
      const where = await relay.listen(f.id, kind, f, {
        onUse: (bytes, connections) => {
          f.bytes += bytes;
          f.connections += connections;
          touch(f);
        },
        onConnection: () => touch(f),
        onError: (message) =>
          log.warn('port-forward connection failed', { id: f.id, pod: `${f.namespace}/${f.pod}`, port: f.port, message }),
      });
      f.relay = relay;
      f.localPort = where.port;
      f.socketPath = where.path;
    } else if (kind === 'tcp') {
      f.server = createServer((sock) => void pipeSocket(f, sock));
      await new Promise<void>((resolve, reject) => {
        f.server!.once('error', reject);
        f.server!.listen(0, '127.0.0.1', resolve);
      });
      f.localPort = (f.server.address() as { port: number }).port;
    }
    forwards.set(f.id, f);
    touch(f);
    audit('forward open', { ...base, id: f.id, localPort: f.localPort, result: 'ok' });
    return publicForward(f);
  } catch (err) {
    const e = toAppError(err);
    audit('forward refused', { ...base, result: `${e.kind}: ${e.message}` });
    throw e;
  }
}

async function pipeSocket(f: Held, sock: Socket): Promise<void> {
  f.sockets.add(sock);
  f.connections++;
  touch(f);
  sock.on('close', () => f.sockets.delete(sock));
  let up: Duplex;
  try {
    up = await openPortStream(f.identity, f);
  } catch {
    sock.destroy();
    return;
  }
  const count = (c: Buffer) => {
    f.bytes += c.length;
    touch(f);
  };
  up.on('data', count);
  sock.on('data', count);
  sock.pipe(up).on('error', () => sock.destroy());
  up.pipe(sock).on('error', () => up.destroy());
  up.on('error', () => sock.destroy());
  sock.on('error', () => up.destroy());
  sock.on('close', () => up.destroy());
}

export function forwardById(id: string): Forward | undefined {
  return forwards.get(id);
}

/** Whether this identity opened the forward (only its opener may use or close it); a use keeps it open. */
export function ownedBy(f: Forward, identity: Identity): boolean {
  const held = forwards.get(f.id);
  if (!held || held.owner !== identityKey(held.context, identity)) return false;
  touch(held);
  return true;
}

/** Where an HTTP forward's bytes go: the relay thread's socket, or undefined (relay in this thread). */
export function relaySocketOf(f: Forward): string | undefined {
  return forwards.get(f.id)?.socketPath;
}

/** A use relayed in this thread (the relay thread counts its own). */
export function countUse(f: Forward, bytes: number): void {
  const held = forwards.get(f.id);
  if (!held || held.relay) return;
  held.connections++;
  held.bytes += bytes;
}

/**
 * Closes a forward: at once for new use; the audit line follows once the relay thread has said
 * what moved last (at most a second), or at once with `now` (shutdown, when there is no second).
 */
export async function closeForward(id: string, reason: string, now = false): Promise<boolean> {
  const f = forwards.get(id);
  if (!f) return false;
  forwards.delete(id);
  clearTimeout(f.idle);
  f.server?.close();
  for (const s of f.sockets) s.destroy();
  if (f.relay) {
    const last = f.relay.close(id);
    if (!now) {
      const { bytes, connections } = await last;
      f.bytes += bytes;
      f.connections += connections;
    }
  }
  audit('forward close', {
    who: f.who,
    context: f.context,
    pod: `${f.namespace}/${f.pod}`,
    port: f.port,
    kind: f.kind,
    id,
    reason,
    durationMs: Date.now() - f.openedAt,
    connections: f.connections,
    bytes: f.bytes,
  });
  return true;
}

export function closeAllForwards(reason = 'Podscope is stopping'): void {
  for (const id of [...forwards.keys()]) void closeForward(id, reason, true);
}
