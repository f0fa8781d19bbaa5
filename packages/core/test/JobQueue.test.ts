import fc from 'fast-check';
import { JobQueue } from '../src/JobQueue.js';
import { InFlightBatch } from '../src/InFlightBatch.js';

/*
 * The queue against a plain-array model, across group boundaries, holes taken from the
 * middle, whole-group takes, groups closed early (gaps in the sequence numbers) and compaction.
 */
type Op =
  | { readonly kind: 'push'; readonly count: number }
  | { readonly kind: 'remove'; readonly at: number }
  | { readonly kind: 'take'; readonly max: number }
  | { readonly kind: 'whole'; readonly max: number; readonly maxBytes: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), count: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 1500 })) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('take' as const), max: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 1500 })) }),
  fc.record({
    kind: fc.constant('whole' as const),
    max: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 700 })),
    maxBytes: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 5000 })),
  }),
);

interface Item {
  readonly seq: number;
  readonly job: number;
  readonly size: number;
  readonly key: string | undefined;
  /** Add time: shared by runs of four, as jobs added in one event-loop turn share one. */
  readonly added: number;
}

it('matches a plain array model across groups, holes, whole takes, gaps and compaction', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), fc.boolean(), fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 600 })), (ops, keyed, capacity) => {
      const queue = new JobQueue<number>(capacity, true, keyed);
      const shape = { sized: true, keyed, timed: true };
      let model: Item[] = [];
      let next = 0;
      const check = (batch: InFlightBatch<number>, expected: readonly Item[]): void => {
        expect(batch.jobs.slice(0, batch.size)).toEqual(expected.map((m) => m.job));
        expect(Array.from({ length: batch.size }, (_, i) => batch.seqAt(i))).toEqual(expected.map((m) => m.seq));
        expect(Array.from({ length: batch.size }, (_, i) => batch.indexAt(i) + batch.groupAt(i).firstSeq)).toEqual(expected.map((m) => m.seq));
        expect(Array.from({ length: batch.size }, (_, i) => batch.sizeAt(i))).toEqual(expected.map((m) => m.size));
        expect(Array.from({ length: batch.size }, (_, i) => batch.addedAtOf(i))).toEqual(expected.map((m) => m.added));
        expect(batch.bytes).toBe(expected.reduce((sum, m) => sum + m.size, 0));
      };
      for (const o of ops) {
        // Every change moves the version, which is what a kept packing plan relies on.
        const versionBefore = queue.version;
        const lengthBefore = model.length;
        if (o.kind === 'push') {
          for (let i = 0; i < o.count; i++) {
            const seq = queue.nextSeq;
            const item = { seq, job: next * 10, size: next % 7, key: keyed && next % 50 < 25 ? `k${next % 3}` : undefined, added: Math.floor(next / 4) };
            void queue.push(item.job, item.size, item.added, item.key);
            // A job gets the lowest sequence number not below nextSeq (gaps only after early closes).
            expect(queue.key(seq) === item.key && queue.job(seq) === item.job).toBe(true);
            model.push(item);
            next += 1;
          }
        } else if (o.kind === 'remove') {
          if (model.length === 0) continue;
          const victim = model[o.at % model.length];
          if (victim === undefined) continue;
          expect(queue.job(victim.seq)).toBe(victim.job);
          queue.remove(victim.seq);
          model = model.filter((m) => m !== victim);
          queue.compact();
        } else if (o.kind === 'take') {
          const batch = new InFlightBatch<number>(o.max, shape);
          queue.takeInto(batch, o.max);
          queue.compact();
          const expected = model.slice(0, o.max);
          model = model.slice(expected.length);
          check(batch, expected);
        } else {
          const group = queue.takeWhole(o.max, o.maxBytes);
          queue.compact();
          if (group === undefined) continue;
          // Whole means: the oldest jobs, one group, none missing, within both limits.
          const expected = model.slice(0, group.size);
          expect(expected.every((m) => m.seq - group.firstSeq < capacity && m.seq >= group.firstSeq)).toBe(true);
          expect(expected[expected.length - 1]?.seq).toBe(group.firstSeq + group.size - 1);
          expect(group.size).toBeLessThanOrEqual(o.max);
          expect(expected.every((m) => m.key === undefined)).toBe(true);
          expect(group.size === o.max || model.length === group.size).toBe(true);
          model = model.slice(expected.length);
          const batch = new InFlightBatch<number>(group.size, shape, group);
          expect(batch.isUniform).toBe(true);
          check(batch, expected);
          expect(batch.bytes).toBeLessThanOrEqual(o.maxBytes);
        }
        if (model.length !== lengthBefore) expect(queue.version).not.toBe(versionBefore);
        expect(queue.length).toBe(model.length);
        expect(queue.bytes).toBe(model.reduce((sum, m) => sum + m.size, 0));
        const seen: number[] = [];
        for (let s = queue.first(); s !== -1; s = queue.next(s)) {
          seen.push(s);
          if (seen.length > model.length) break;
        }
        expect(seen).toEqual(model.map((m) => m.seq));
        for (const m of model.slice(0, 5).concat(model.slice(-5))) {
          expect([queue.job(m.seq), queue.size(m.seq), queue.key(m.seq), queue.added(m.seq)]).toEqual([m.job, m.size, m.key, m.added]);
        }
      }
    }),
    { numRuns: 150 },
  );
});

it('takes the oldest group whole only when it is the batch first-fit would cut', () => {
  const queue = new JobQueue<string>(3, false, false);
  for (const job of ['a', 'b']) void queue.push(job, 0, 0, undefined);
  // Two of three members and nothing after them: whole, since no later job could fill the batch.
  expect(queue.takeWhole(3, Infinity)?.jobs).toEqual(['a', 'b']);
  for (const job of ['c', 'd', 'e', 'f']) void queue.push(job, 0, 0, undefined);
  // A later group exists, so a partial group is not whole for a batch of 4 ...
  expect(queue.takeWhole(4, Infinity)).toBeUndefined();
  // ... but a full one is, for a batch of its size.
  expect(queue.takeWhole(3, Infinity)?.jobs).toEqual(['c', 'd', 'e']);
  expect(queue.length).toBe(1);
  expect(queue.job(queue.first())).toBe('f');
});

it('does not take a group whole when its bytes exceed the budget', () => {
  const queue = new JobQueue<string>(3, true, false);
  for (const job of ['a', 'b', 'c']) void queue.push(job, 5, 0, undefined);
  expect(queue.takeWhole(3, 14)).toBeUndefined();
  expect(queue.takeWhole(3, 15)?.bytes).toBe(15);
  expect([queue.length, queue.bytes]).toEqual([0, 0]);
});

it('does not take a group whole when a member has an ordering key', () => {
  const queue = new JobQueue<string>(2, false, true);
  void queue.push('a', 0, 0, undefined);
  void queue.push('b', 0, 0, 'key');
  expect(queue.takeWhole(2, Infinity)).toBeUndefined();
  void queue.push('c', 0, 0, undefined);
  void queue.push('d', 0, 0, undefined);
  queue.remove(queue.first());
  queue.remove(queue.first());
  queue.compact();
  expect(queue.takeWhole(2, Infinity)?.jobs).toEqual(['c', 'd']);
});

it('files a waiting job under another key with setKey, and counts keyed members for whole takes', () => {
  const queue = new JobQueue<string>(2, false, true);
  void queue.push('a', 0, 0, 'old');
  void queue.push('b', 0, 0, 'old');
  expect(queue.takeWhole(2, Infinity)).toBeUndefined();
  const first = queue.first();
  const version = queue.version;
  queue.setKey(first, 'new');
  expect(queue.key(first)).toBe('new');
  // A re-keyed job may no longer be planned with the others: a kept packing plan must not stand.
  expect(queue.version).not.toBe(version);
  expect(queue.key(queue.next(first))).toBe('old');
  queue.setKey(first, undefined);
  expect(queue.takeWhole(2, Infinity)).toBeUndefined(); // 'b' is still keyed
  queue.setKey(queue.next(first), undefined);
  queue.setKey(first, undefined); // no member counted twice
  expect(queue.takeWhole(2, Infinity)?.jobs).toEqual(['a', 'b']);
});
