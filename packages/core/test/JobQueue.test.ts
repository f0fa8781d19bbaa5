import fc from 'fast-check';
import { JobQueue } from '../src/JobQueue.js';
import { SettlementGroup } from '../src/SettlementGroup.js';
import { InFlightBatch } from '../src/InFlightBatch.js';

/*
 * The queue against a plain-array model, across chunk boundaries (1024 slots), holes taken
 * from the middle, compaction and chunk reuse.
 */
type Op = { readonly kind: 'push'; readonly count: number } | { readonly kind: 'remove'; readonly at: number } | { readonly kind: 'take'; readonly max: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), count: fc.integer({ min: 1, max: 1500 }) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('take' as const), max: fc.integer({ min: 1, max: 1500 }) }),
);

it('matches a plain array model across chunks, holes, compaction and reuse', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), fc.boolean(), (ops, keyed) => {
      const queue = new JobQueue<number>(true, keyed);
      const group = new SettlementGroup(0, 1);
      let model: Array<{ seq: number; job: number; size: number; key: string | undefined }> = [];
      let next = 0;
      for (const o of ops) {
        if (o.kind === 'push') {
          for (let i = 0; i < o.count; i++) {
            const seq = queue.nextSeq;
            const item = { seq, job: next * 10, size: next % 7, key: keyed ? `k${next % 3}` : undefined };
            queue.push(item.job, group, item.size, next, item.key);
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
        } else {
          const batch = new InFlightBatch<number>(o.max, { sized: true, keyed: false, timed: false });
          queue.takeInto(batch, o.max);
          queue.compact();
          const expected = model.slice(0, o.max);
          model = model.slice(expected.length);
          expect(batch.jobs.slice(0, batch.size)).toEqual(expected.map((m) => m.job));
          expect(batch.seqs.slice(0, batch.size)).toEqual(expected.map((m) => m.seq));
        }
        expect(queue.length).toBe(model.length);
        expect(queue.bytes).toBe(model.reduce((sum, m) => sum + m.size, 0));
        const seen: number[] = [];
        for (let s = queue.first(); s !== -1; s = queue.next(s)) {
          seen.push(s);
          if (seen.length > model.length) break;
        }
        expect(seen).toEqual(model.map((m) => m.seq));
        for (const m of model.slice(0, 5).concat(model.slice(-5))) {
          expect([queue.job(m.seq), queue.size(m.seq), queue.key(m.seq)]).toEqual([m.job, m.size, m.key]);
        }
      }
    }),
    { numRuns: 60 },
  );
});
