import { describe, expect, it } from 'vitest';
import { portDataFrame, portFrameReader } from './portforward-frames';

describe('port-forward frames', () => {
  it("strips each channel's port prefix once, then passes data and errors", () => {
    const read = portFrameReader();
    // the kubelet's first message on each channel: the port (8080 = 0x1f90, little-endian)
    expect(read(Buffer.from([0, 0x90, 0x1f]))).toBeUndefined();
    expect(read(Buffer.from([1, 0x90, 0x1f]))).toBeUndefined();
    expect(read(Buffer.from([0, 0x48, 0x49]))).toEqual({ channel: 'data', body: Buffer.from('HI') });
    expect(read(Buffer.from([1, ...Buffer.from('refused')]))).toEqual({ channel: 'error', body: Buffer.from('refused') });
    expect(read(Buffer.from([3, 1]))).toBeUndefined();
  });
  it('a first message may carry data after the port', () => {
    const read = portFrameReader();
    expect(read(Buffer.from([0, 0x90, 0x1f, 0x41]))).toEqual({ channel: 'data', body: Buffer.from('A') });
  });
  it('data to the pod goes on channel 0', () => {
    expect([...portDataFrame(Buffer.from('ab'))]).toEqual([0, 0x61, 0x62]);
  });
});
