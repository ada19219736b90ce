import 'server-only';
// A shell in a container: the browser's WebSocket (upgraded by server/main.ts, routed by
// server/upgrade.ts) bridged to a pods/exec WebSocket to the API server, made with the user's own
// identity. Before anything starts: PODSCOPE_EXEC=on, Podscope's own Host, the page's own Origin,
// the CSRF token (sent as a WebSocket subprotocol: a browser cannot set headers on a WebSocket,
// and a subprotocol stays out of URLs and access logs), a login the API server accepts, and a
// SelfSubjectAccessReview for create pods/exec; then a cap per user. Each refusal is an HTTP
// status on the upgrade and an audit line; each session an audit line at its start and its end
// (who, pod, container, command, duration, exit code). Idle sessions are closed.
//
// Browser ↔ Podscope: binary messages are terminal bytes both ways; text messages are JSON
// control: {"type":"resize","cols","rows"} and {"type":"eof"} from the browser,
// {"type":"started"}, {"type":"exit","code","message"} and {"type":"error","message"} from Podscope.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { z } from 'zod';
import { containerName, contextName, namespaceName, objectName } from '@/lib/validation/names';
import { mayOnPod } from '../auth/access';
import { csrfValid } from '../auth/csrf';
import { hostAllowed, hostPolicy, originProblem } from '../auth/host';
import { type Identity, identityKey, requestIdentity } from '../auth/identity';
import { assertVerified } from '../auth/verify';
import { config } from '../config';
import { AppError, httpStatus, toAppError } from '../errors';
import { kubeConfigFor } from '../kube/clusters';
import { whoIs } from '../kube/info';
import { log } from '../log';
import { closeStdinFrame, parseFrame, resizeFrame, stdinFrame } from './channel';
import { execPath, openUpstream } from './upstream';

export const EXEC_PROTOCOL = 'podscope.exec.v1';
/** The subprotocol that carries the CSRF token: "csrf.<token>" (base64url, so a valid token). */
const CSRF_PREFIX = 'csrf.';

const execQuery = z
  .object({
    container: containerName,
    command: z
      .array(
        z
          .string()
          .min(1)
          .max(1024)
          .refine((s) => !s.includes('\0'), 'must not contain NUL'),
      )
      .min(1, 'give a command')
      .max(64),
    tty: z.enum(['true', 'false']).default('true'),
  })
  .strict();

interface Session {
  user: string;
  context: string;
  pod: string;
  container: string;
  command: string[];
  startedAt: number;
  close(reason: string): void;
}

const g = globalThis as unknown as { __podscopeExecSessions?: Map<string, Set<Session>> };
const sessions = (g.__podscopeExecSessions ??= new Map());

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  maxPayload: 1 << 20,
  handleProtocols: (offered) => (offered.has(EXEC_PROTOCOL) ? EXEC_PROTOCOL : false),
});

function headerGetter(req: IncomingMessage) {
  return {
    get(name: string): string | null {
      const v = req.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/** The upgrade refused before anything started: an HTTP status and a JSON error, then the socket closes. */
function refuse(socket: Duplex, e: AppError): void {
  const body = JSON.stringify({ error: { kind: e.kind, message: e.message, hint: e.hint } });
  const status = httpStatus(e.kind);
  socket.end(
    `HTTP/1.1 ${status} ${e.kind}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}

function audit(event: 'exec refused' | 'exec start' | 'exec end', fields: Record<string, unknown>): void {
  log.info('audit', { action: 'exec', event, at: new Date().toISOString(), ...fields });
}

export interface ExecTarget {
  context: string;
  namespace: string;
  name: string;
}

/** Handles a WebSocket upgrade for /api/c/{ctx}/pods/{ns}/{name}/exec?container=&command=… */
export async function handleExecUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: ExecTarget, query: URLSearchParams) {
  const peer = req.socket.remoteAddress;
  const base = { context: target.context, pod: `${target.namespace}/${target.name}`, peer };
  let fields: Record<string, unknown> = base;
  try {
    if (config().PODSCOPE_EXEC !== 'on')
      throw new AppError('forbidden', 'the shell is turned off on this Podscope', 'PODSCOPE_EXEC=on turns it on');
    const headers = headerGetter(req);
    const policy = hostPolicy(process.env);
    if (!hostAllowed(headers.get('host'), policy)) throw new AppError('forbidden', 'Podscope does not answer for this host name');
    const why = originProblem(headers, policy, { requireOrigin: true });
    if (why) throw new AppError('forbidden', why);
    contextName.parse(target.context);
    namespaceName.parse(target.namespace);
    objectName.parse(target.name);
    const parsed = execQuery.safeParse({
      container: query.get('container') ?? '',
      command: query.getAll('command'),
      tty: query.get('tty') ?? undefined,
    });
    if (!parsed.success)
      throw new AppError('invalid', `bad exec request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const q = parsed.data;
    fields = { ...base, container: q.container, command: q.command };

    const id: Identity = requestIdentity(
      new Request('http://podscope.invalid/', { headers: req.headers as Record<string, string> }),
      target.context,
    );
    await assertVerified(target.context, id);
    const who = await whoIs(target.context, id);
    fields = { who, ...fields };
    const offered = (headers.get('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
    const csrf = offered.find((p) => p.startsWith(CSRF_PREFIX))?.slice(CSRF_PREFIX.length) ?? null;
    if (!csrfValid(target.context, id, csrf)) throw new AppError('forbidden', 'missing or wrong CSRF token', 'reload the page');
    if (!offered.includes(EXEC_PROTOCOL)) throw new AppError('invalid', `offer the ${EXEC_PROTOCOL} subprotocol`);
    if (!(await mayOnPod(target.context, id, target.namespace, target.name, 'create', 'exec')))
      throw new AppError(
        'forbidden',
        `you may not exec into pod ${target.namespace}/${target.name} on context "${target.context}"`,
        'ask for create on pods/exec in that namespace',
      );
    const key = identityKey(target.context, id);
    const mine = sessions.get(key) ?? new Set<Session>();
    if (mine.size >= config().PODSCOPE_EXEC_MAX_PER_USER)
      throw new AppError('too-many', `you have ${mine.size} shells open, the most allowed (PODSCOPE_EXEC_MAX_PER_USER)`, 'close one first');

    // Now the user's own socket: from here a failure is told through it, not as an HTTP status
    // (a browser's WebSocket API cannot read the status of a refused upgrade).
    wss.handleUpgrade(req, socket, head, (client) => void bridge(client, key, id, target, q, fields));
  } catch (err) {
    const e = toAppError(err);
    const asApp = err instanceof z.ZodError ? new AppError('invalid', `bad name: ${err.issues.map((i) => i.message).join('; ')}`) : e;
    audit('exec refused', { ...fields, result: `${asApp.kind}: ${asApp.message}` });
    refuse(socket, asApp);
  }
}

async function bridge(
  client: WebSocket,
  key: string,
  id: Identity,
  target: ExecTarget,
  q: z.infer<typeof execQuery>,
  fields: Record<string, unknown>,
): Promise<void> {
  const startedAt = Date.now();
  let exitCode: number | null = null;
  let ended = false;
  let upstream: WebSocket | undefined;
  const idleMs = config().PODSCOPE_EXEC_IDLE_SECONDS * 1000;
  let idle: NodeJS.Timeout | undefined;
  const send = (msg: object) => client.readyState === WebSocket.OPEN && client.send(JSON.stringify(msg));

  const session: Session = {
    user: key,
    context: target.context,
    pod: `${target.namespace}/${target.name}`,
    container: q.container,
    command: q.command,
    startedAt,
    close: (reason) => end(reason),
  };
  const mine = sessions.get(key) ?? new Set<Session>();
  sessions.set(key, mine);
  mine.add(session);

  function end(result: string, message?: string) {
    if (ended) return;
    ended = true;
    clearTimeout(idle);
    mine.delete(session);
    if (mine.size === 0) sessions.delete(key);
    if (message) send({ type: 'error', message });
    audit('exec end', { ...fields, result, exitCode, durationMs: Date.now() - startedAt });
    upstream?.close();
    if (client.readyState === WebSocket.OPEN) client.close(1000);
  }
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => end('idle', `closed after ${Math.round(idleMs / 1000)} s without input or output`), idleMs);
    idle.unref?.();
  };

  // a slow browser pauses the API server's socket, once, until it catches up
  let paused = false;
  // input that arrives while the API server's socket opens is kept, in order
  const pending: Buffer[] = [];
  client.on('message', (data, isBinary) => {
    touch();
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let frame: Buffer | undefined;
    if (isBinary) frame = stdinFrame(buf);
    else {
      try {
        const m = JSON.parse(buf.toString('utf8')) as { type?: string; cols?: unknown; rows?: unknown };
        if (m.type === 'resize' && Number.isInteger(m.cols) && Number.isInteger(m.rows)) {
          const [cols, rows] = [Math.min(Math.max(m.cols as number, 1), 1000), Math.min(Math.max(m.rows as number, 1), 1000)];
          frame = resizeFrame(cols, rows);
        } else if (m.type === 'eof') frame = closeStdinFrame();
      } catch {
        /* not a control message: ignored */
      }
    }
    if (!frame) return;
    if (upstream) {
      if (frame[0] === 255 && upstream.protocol !== 'v5.channel.k8s.io') upstream.close();
      else upstream.send(frame);
    } else pending.push(frame);
  });
  client.on('close', () => end(exitCode === null ? 'closed by the user' : 'exited'));
  client.on('error', () => end('browser connection failed'));
  touch();

  try {
    upstream = await openUpstream(
      kubeConfigFor(target.context, id),
      execPath({ namespace: target.namespace, pod: target.name, ...q, tty: q.tty === 'true' }),
    );
  } catch (err) {
    const e = toAppError(err);
    end(`${e.kind}: ${e.message}`, e.message);
    return;
  }
  if (ended) {
    upstream.close();
    return;
  }
  audit('exec start', { ...fields, protocol: upstream.protocol });
  send({ type: 'started', container: q.container, command: q.command });
  for (const f of pending.splice(0)) upstream.send(f);
  upstream.on('message', (data: Buffer) => {
    touch();
    const f = parseFrame(data);
    if (f.stream === 'stdout' || f.stream === 'stderr') {
      client.send(f.data);
      // a slow browser: stop reading from the API server until it catches up
      if (client.bufferedAmount > 4 << 20 && !paused) {
        paused = true;
        upstream?.pause();
        const wait = setInterval(() => {
          if (client.bufferedAmount < 1 << 20 || client.readyState !== WebSocket.OPEN) {
            clearInterval(wait);
            paused = false;
            upstream?.resume();
          }
        }, 50);
      }
    } else if (f.stream === 'status') {
      exitCode = f.exitCode;
      // (the code says it all; a message only when there is no code: the command never ran)
      send({ type: 'exit', code: f.exitCode, message: f.exitCode < 0 ? f.message : undefined });
    }
  });
  upstream.on('close', () => {
    if (exitCode === null) send({ type: 'exit', code: null, message: 'the API server closed the session' });
    end(exitCode === null ? 'closed by the API server' : 'exited');
  });
  upstream.on('error', (err) => end('API server connection failed', `the connection to the API server failed: ${err.message}`));
}

/** Open shells, for the server's shutdown and for tests. */
export function openExecSessions(): number {
  let n = 0;
  for (const s of sessions.values()) n += s.size;
  return n;
}

export function closeAllExecSessions(reason = 'Podscope is stopping'): void {
  for (const s of [...sessions.values()].flatMap((x) => [...x])) s.close(reason);
}
