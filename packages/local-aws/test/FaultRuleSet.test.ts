import { FaultRuleSet, pickFailedEntries } from '../src/FaultRuleSet.js';
import { kinesisProtocol } from '../src/kinesisProtocol.js';
import type { FaultRequest } from '@batch/local-aws';

const request = (operation: string, body: unknown = {}): FaultRequest => ({ operation, body, headers: {} });
const rules = (seed = 1): FaultRuleSet => new FaultRuleSet(seed, 'kinesis', kinesisProtocol.batch);

describe('FaultRuleSet', () => {
  it('applies a rule to the next `times` matching requests only', () => {
    const set = rules();
    const rule = set.add({ operation: 'PutRecords', times: 2, error: { status: 500, name: 'InternalFailure' } });
    expect(set.select(request('ListShards'), false).rule).toBeUndefined();
    expect(set.select(request('PutRecords'), true).rule?.id).toBe(rule.id);
    expect(set.select(request('PutRecords'), true).rule?.id).toBe(rule.id);
    expect(set.select(request('PutRecords'), true).rule).toBeUndefined();
    expect([rule.applied, rule.remaining]).toEqual([2, 0]);
  });

  it('applies only the first matching non-latency rule but every latency rule', () => {
    const set = rules();
    set.add({ latencyMs: 10 });
    const first = set.add({ operation: ['PutRecord', 'PutRecords'], hang: true });
    const second = set.add({ error: { status: 400, name: 'X' } });
    set.add({ latencyMs: 5 });
    const hit = set.select(request('PutRecords'), true);
    expect(hit.latencyMs).toBe(15);
    expect(hit.rule?.id).toBe(first.id);
    expect(second.applied).toBe(0);
    expect(set.select(request('DescribeStream'), false).rule?.id).toBe(second.id);
  });

  it('matches failEntries rules only on the batch operation with entries', () => {
    const set = rules();
    const rule = set.add({ failEntries: { indices: [0] } });
    expect(set.select(request('PutRecord'), false).rule).toBeUndefined();
    expect(set.select(request('PutRecords'), false).rule).toBeUndefined();
    expect(set.select(request('PutRecords'), true).rule?.id).toBe(rule.id);
  });

  it('consults `when` with the request', () => {
    const set = rules();
    const seen: FaultRequest[] = [];
    set.add({ hang: true, when: (r) => (seen.push(r), (r.body as { StreamName?: string }).StreamName === 'target') });
    expect(set.select(request('PutRecords', { StreamName: 'other' }), true).rule).toBeUndefined();
    expect(set.select(request('PutRecords', { StreamName: 'target' }), true).rule).toBeDefined();
    expect(seen.map((r) => r.operation)).toEqual(['PutRecords', 'PutRecords']);
  });

  it('draws ratios from a per-rule generator, so a seed replays and other rules do not disturb it', () => {
    const hits = (set: FaultRuleSet): boolean[] =>
      Array.from({ length: 40 }, () => set.select(request('PutRecords'), true).rule !== undefined);
    const a = rules(7);
    a.add({ ratio: 0.5, hang: true });
    const b = rules(7);
    b.add({ ratio: 0.5, hang: true });
    b.add({ latencyMs: 1, ratio: 0.3 });
    const first = hits(a);
    expect(hits(b)).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(5);
    expect(first.filter(Boolean).length).toBeLessThan(35);
    const other = rules(8);
    other.add({ ratio: 0.5, hang: true });
    expect(hits(other)).not.toEqual(first);
  });

  it('removes one rule or all of them', () => {
    const set = rules();
    const rule = set.add({ hang: true });
    rule.remove();
    rule.remove();
    expect(set.select(request('X'), false).rule).toBeUndefined();
    set.add({ hang: true });
    set.clear();
    expect(set.select(request('X'), false).rule).toBeUndefined();
  });
});

describe('pickFailedEntries', () => {
  it('keeps listed indices that exist, once each', () => {
    const set = rules();
    set.add({ failEntries: { indices: [3, 0, 3, 9] } });
    const rule = set.select(request('PutRecords'), true).rule;
    if (rule === undefined) throw new Error('rule expected');
    expect(pickFailedEntries(rule, { indices: [3, 0, 3, 9] }, 5)).toEqual([3, 0]);
  });

  it('fails each entry with the given probability, from the rule generator', () => {
    const set = rules(11);
    set.add({ failEntries: { ratio: 0.25 } });
    const rule = set.select(request('PutRecords'), true).rule;
    if (rule === undefined) throw new Error('rule expected');
    const picked = pickFailedEntries(rule, { ratio: 0.25 }, 400);
    expect(picked.length).toBeGreaterThan(60);
    expect(picked.length).toBeLessThan(140);
    expect(pickFailedEntries(rule, { ratio: 0 }, 50)).toEqual([]);
    expect(pickFailedEntries(rule, { ratio: 1 }, 3)).toEqual([0, 1, 2]);
  });
});
