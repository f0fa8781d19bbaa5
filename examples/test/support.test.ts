import { isEntryPoint, numberFlag, parseFlags, UsageError } from '../src/support/cli.js';
import { formatTable } from '../src/support/format.js';
import { liveStatus } from '../src/support/liveStatus.js';
import { mulberry32, unitHash } from '../src/support/random.js';
import { collect } from './collect.js';

describe('support', () => {
  it('reads numeric flags and names the flag in errors', () => {
    expect(numberFlag('rate', undefined, 5)).toBe(5);
    expect(numberFlag('rate', '2.5', 5, { min: 0 })).toBe(2.5);
    expect(() => numberFlag('rate', 'x', 5)).toThrow(new UsageError('--rate expects a number, got "x"'));
    expect(() => numberFlag('seed', '1.5', 5, { integer: true, min: 0 })).toThrow(new UsageError('--seed expects an integer >= 0, got "1.5"'));
  });

  it('turns parseArgs errors into UsageErrors', () => {
    expect(parseFlags(['--rate', '3'], { rate: { type: 'string' } })).toEqual({ rate: '3' });
    expect(parseFlags(['--', '--rate', '3'], { rate: { type: 'string' } })).toEqual({ rate: '3' });
    expect(() => parseFlags(['--nope'], { rate: { type: 'string' } })).toThrow(UsageError);
  });

  it('is not the entry point under jest', () => {
    expect(isEntryPoint('demo')).toBe(false);
  });

  it('aligns tables', () => {
    expect(formatTable([['mode', 'n'], ['feed', '1,000'], ['x', '5']])).toBe('mode      n\n----  -----\nfeed  1,000\nx         5\n');
    expect(formatTable([['a', 'b', 'n'], ['xx', 'y', '1']], ['left', 'left'])).toBe('a   b  n\n--  -  -\nxx  y  1\n');
  });

  describe('liveStatus', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('redraws a block of lines in place on a terminal, with notes printed above it', () => {
      const [out, text] = collect(true);
      let n = 1;
      const status = liveStatus(out, () => `t ${n}\na ${n}\nb ${n}`, { ttyIntervalMs: 100 });
      jest.advanceTimersByTime(100);
      n = 2;
      jest.advanceTimersByTime(100);
      status.note('stopping\n');
      n = 3;
      status.stop();
      const block = (k: number) => `\r\u001b[2Kt ${k}\n\r\u001b[2Ka ${k}\n\r\u001b[2Kb ${k}`;
      expect(text()).toBe(
        block(1) + `\u001b[2A${block(2)}` + `\u001b[2A\r\u001b[Jstopping\n${block(2)}` + `\u001b[2A${block(3)}\n`,
      );
    });

    it('appends plain lines when not on a terminal', () => {
      const [out, text] = collect(false);
      let n = 1;
      const status = liveStatus(out, () => `a ${n}\nb ${n}`, { plainIntervalMs: 2000 });
      jest.advanceTimersByTime(2000);
      n = 2;
      status.note('stopping\n');
      status.stop();
      expect(text()).toBe('a 1\nb 1\nstopping\na 2\nb 2\n');
    });
  });

  it('draws reproducible numbers in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(unitHash(1, 'ord-1', 2)).toBe(unitHash(1, 'ord-1', 2));
    expect(unitHash(1, 'ord-1', 2)).not.toBe(unitHash(1, 'ord-1', 3));
    const mean = Array.from({ length: 10_000 }, (_, i) => unitHash(9, i)).reduce((sum, x) => sum + x, 0) / 10_000;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
