import { runInNewContext } from 'node:vm';
import { binaryBytes } from '@batch/sink-common';

describe('binaryBytes', () => {
  it('returns a Uint8Array or Buffer itself', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const buffer = Buffer.from('hi');
    expect(binaryBytes(bytes)).toBe(bytes);
    expect(binaryBytes(buffer)).toBe(buffer);
  });

  it('views the bytes of other typed arrays, DataViews and ArrayBuffers without copying', () => {
    const backing = new ArrayBuffer(8);
    new Uint8Array(backing).set([1, 2, 3, 4, 5, 6, 7, 8]);
    const fromView = binaryBytes(new DataView(backing, 2, 3)) as Uint8Array;
    expect([...fromView]).toEqual([3, 4, 5]);
    expect(fromView.buffer).toBe(backing);
    expect([...(binaryBytes(new Uint16Array(backing, 4, 1)) as Uint8Array)]).toEqual([5, 6]);
    expect([...(binaryBytes(backing) as Uint8Array)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(binaryBytes(new SharedArrayBuffer(2))?.byteLength).toBe(2);
  });

  it('recognises binary values from another realm', () => {
    const foreign = runInNewContext('new Uint8Array([104, 105])') as unknown;
    expect(foreign instanceof Uint8Array).toBe(false); // the case instanceof misses
    expect(Buffer.from(binaryBytes(foreign) as Uint8Array).toString()).toBe('hi');
    expect(binaryBytes(runInNewContext('new ArrayBuffer(3)'))?.byteLength).toBe(3);
    expect(binaryBytes(runInNewContext('new Float32Array(2)'))?.byteLength).toBe(8);
  });

  it('returns undefined for anything else', () => {
    for (const value of ['bytes', 42, null, undefined, [1, 2], { 0: 1, length: 1 }, { buffer: new ArrayBuffer(1) }]) {
      expect(binaryBytes(value)).toBeUndefined();
    }
  });
});
