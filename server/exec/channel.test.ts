import { describe, expect, it } from 'vitest';
import { closeStdinFrame, exitFromStatus, parseFrame, resizeFrame, stdinFrame } from './channel';

describe('remote-command channel frames', () => {
  it('prefixes stdin with channel 0 and keeps the bytes', () => {
    const f = stdinFrame(Buffer.from('echo hi\r'));
    expect(f[0]).toBe(0);
    expect(f.subarray(1).toString()).toBe('echo hi\r');
  });

  it('writes a resize as channel 4 with the TerminalSize JSON the kubelet reads', () => {
    const f = resizeFrame(120, 40);
    expect(f[0]).toBe(4);
    expect(JSON.parse(f.subarray(1).toString())).toEqual({ Width: 120, Height: 40 });
  });

  it('closes stdin with v5 close frame 255 0', () => {
    expect([...closeStdinFrame()]).toEqual([255, 0]);
  });

  it('reads stdout, stderr and an empty frame', () => {
    expect(parseFrame(Buffer.from([1, 52, 50]))).toEqual({ stream: 'stdout', data: Buffer.from('42') });
    expect(parseFrame(Buffer.from([2, 120]))).toEqual({ stream: 'stderr', data: Buffer.from('x') });
    expect(parseFrame(Buffer.alloc(0))).toEqual({ stream: 'other' });
    expect(parseFrame(Buffer.from([9, 1]))).toEqual({ stream: 'other' });
  });

  it('reads the exit code from the status channel as the API server words it', () => {
    // what kubelet/cri/streaming/remotecommand writes for `exit 3`
    const nonZero = JSON.stringify({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: exit status 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(parseFrame(Buffer.concat([Buffer.from([3]), Buffer.from(nonZero)]))).toEqual({
      stream: 'status',
      exitCode: 3,
      message: 'command terminated with non-zero exit code: exit status 3',
    });
    expect(exitFromStatus('{"metadata":{},"status":"Success"}')).toEqual({ exitCode: 0 });
    expect(exitFromStatus('{"status":"Failure","message":"container not found (\\"x\\")"}')).toEqual({
      exitCode: -1,
      message: 'container not found ("x")',
    });
    expect(exitFromStatus('not json').exitCode).toBe(-1);
    // a wrapped error (kwok's, through the API server) ends with os/exec's "exit status N"
    const wrapped = JSON.stringify({
      status: 'Failure',
      reason: 'InternalError',
      message: 'Internal error occurred: error executing command in container: cmd wait: sh -c exit 3: exit status 3',
    });
    expect(exitFromStatus(wrapped).exitCode).toBe(3);
  });
});
