import { abortReason, untilAborted, waitUnlessAborted } from '../src/index.js';

describe('untilAborted', () => {
  it("settles as the promise does while the signal stays quiet, and stops listening after", async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    const failure = new Error('no');
    await expect(untilAborted(Promise.reject(failure), controller.signal)).rejects.toBe(failure);
    controller.abort(new Error('late')); // no listener left: nothing rejects unhandled
  });

  it("rejects with the signal's reason when it aborts first, leaving the promise to others", async () => {
    const controller = new AbortController();
    let resolve = (_value: number): void => undefined;
    const shared = new Promise<number>((r) => (resolve = r));
    const waiting = untilAborted(shared, controller.signal);
    const reason = new Error('gave up');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    resolve(3);
    await expect(shared).resolves.toBe(3);
  });
});

describe('abortReason', () => {
  it('keeps an Error reason and wraps anything else', () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    expect(abortReason(controller.signal)).toBe(reason);
    const other = new AbortController();
    other.abort('text');
    const wrapped = abortReason(other.signal);
    expect(wrapped).toBeInstanceOf(Error);
    expect(wrapped.cause).toBe('text');
  });
});

describe('waitUnlessAborted', () => {
  it('does not start the wait when the signal has already aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('gone');
    controller.abort(reason);
    let started = 0;
    await expect(waitUnlessAborted(() => Promise.resolve(started++), controller.signal)).rejects.toBe(reason);
    expect(started).toBe(0);
  });

  it('otherwise starts it and races it against the signal', async () => {
    const controller = new AbortController();
    await expect(waitUnlessAborted(() => Promise.resolve(5), controller.signal)).resolves.toBe(5);
    const pending = waitUnlessAborted(() => new Promise<number>(() => undefined), controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
