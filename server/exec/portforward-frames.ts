// The port-forward protocol's frames (v4.channel.k8s.io, as the kubelet speaks it): each binary
// message starts with its channel, 0 the port's data and 1 its errors, and the first message on
// each channel carries the port number (2 bytes, little-endian) before any data. No imports:
// used by the main thread's relay (portforward.ts) and the relay thread (relay-thread.ts) alike.

export type PortFrame = { channel: 'data' | 'error'; body: Buffer } | undefined;

/** A reader of one connection's messages: what each carries (undefined: nothing to pass on). */
export function portFrameReader(): (msg: Buffer) => PortFrame {
  const seen = [false, false]; // each channel's port prefix, not yet stripped
  return (msg) => {
    const ch = msg[0];
    if (ch !== 0 && ch !== 1) return undefined;
    let body = msg.subarray(1);
    if (!seen[ch]) {
      seen[ch] = true;
      body = body.subarray(2);
    }
    return body.length ? { channel: ch === 0 ? 'data' : 'error', body } : undefined;
  };
}

/** A data frame for the port: channel 0, then the bytes. */
export function portDataFrame(chunk: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(chunk.length + 1);
  frame[0] = 0;
  chunk.copy(frame, 1);
  return frame;
}
