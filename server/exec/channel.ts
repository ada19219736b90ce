// The Kubernetes remote-command channel protocol (pods/exec and pods/attach over WebSocket), as
// the kubelet and kube-apiserver speak it: every binary message starts with one byte naming its
// stream, 0 stdin, 1 stdout, 2 stderr, 3 the final status (a metav1.Status in JSON), 4 terminal
// resize ({"Width","Height"} in JSON). v5.channel.k8s.io adds 255: "close this stream" (the byte
// after it names which), so stdin can end while output still flows; under v4 only closing the
// socket ends stdin. No imports: pure, and unit-tested against frames the API server sends.

export const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const STATUS = 3;
export const RESIZE = 4;
export const CLOSE = 255;

export function stdinFrame(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.length + 1);
  out[0] = STDIN;
  out.set(data, 1);
  return out;
}

export function resizeFrame(cols: number, rows: number): Buffer {
  return Buffer.concat([Buffer.from([RESIZE]), Buffer.from(JSON.stringify({ Width: cols, Height: rows }))]);
}

/** v5 only: stdin is done (EOF), the command reads no more. */
export function closeStdinFrame(): Buffer {
  return Buffer.from([CLOSE, STDIN]);
}

export type Frame =
  { stream: 'stdout' | 'stderr'; data: Buffer } | { stream: 'status'; exitCode: number; message?: string } | { stream: 'other' };

interface StatusBody {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/**
 * The exit code a status frame reports: 0 for Success; the ExitCode cause of a NonZeroExitCode
 * failure; -1 for any other failure (the container is gone, the command does not exist, …),
 * with the API server's message.
 */
export function exitFromStatus(json: string): { exitCode: number; message?: string } {
  let s: StatusBody;
  try {
    s = JSON.parse(json) as StatusBody;
  } catch {
    return { exitCode: -1, message: 'the API server sent an unreadable status' };
  }
  if (s.status === 'Success') return { exitCode: 0 };
  if (s.reason === 'NonZeroExitCode') {
    const cause = s.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { exitCode: code, message: s.message };
  }
  // a runtime that wraps the command's error instead of reporting NonZeroExitCode (kwok's does)
  // still ends its message with Go's os/exec wording: "exit status N"
  const wrapped = /exit status (\d{1,3})$/.exec(s.message ?? '');
  if (wrapped) return { exitCode: Number(wrapped[1]), message: s.message };
  return { exitCode: -1, message: s.message ?? 'the command failed' };
}

export function parseFrame(msg: Buffer): Frame {
  if (msg.length === 0) return { stream: 'other' };
  const body = msg.subarray(1);
  switch (msg[0]) {
    case STDOUT:
      return { stream: 'stdout', data: body };
    case STDERR:
      return { stream: 'stderr', data: body };
    case STATUS:
      return { stream: 'status', ...exitFromStatus(body.toString('utf8')) };
    default:
      return { stream: 'other' };
  }
}
