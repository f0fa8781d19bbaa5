import { expectTypeOf } from 'expect-type';
import { Batcher, success } from '@batch/core';
import type { BatchContext, Outcome } from '@batch/core';

interface Job {
  readonly id: number;
}

describe('public generics', () => {
  it('add() on a Batcher<Job, Result> returns Promise<Result>, inferred from processBatch', async () => {
    const batcher = new Batcher({
      processBatch: async (jobs: readonly Job[], context: BatchContext) => {
        expectTypeOf(context.attempts).toEqualTypeOf<readonly number[]>();
        return jobs.map((job) => success(`id-${job.id}`));
      },
      maxBatchDelay: 0,
    });
    const result = batcher.add({ id: 1 });
    expectTypeOf(batcher).toEqualTypeOf<Batcher<Job, string>>();
    expectTypeOf(result).toEqualTypeOf<Promise<string>>();
    // @ts-expect-error a job of the wrong shape does not compile
    void batcher.add({ name: 'x' }).catch(() => undefined);
    await expect(result).resolves.toBe('id-1');
    await batcher.shutdown();
  });

  it('types outcomes as a discriminated union', () => {
    const make = (): Outcome<number> => success(3);
    const outcome = make();
    if (outcome.ok) expectTypeOf(outcome.value).toEqualTypeOf<number>();
    else expectTypeOf(outcome.error).toBeUnknown();
    expect(outcome).toEqual({ ok: true, value: 3 });
  });
});
