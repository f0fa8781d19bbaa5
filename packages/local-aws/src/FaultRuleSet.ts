import { InvalidOptionError } from './errors.js';
import { deriveSeed, mulberry32 } from './prng.js';
import { showValue as show } from './showValue.js';
import type { FailEntries, FaultError, FaultRequest, FaultRule, FaultRuleHandle } from './types.js';
import type { BatchAdapter } from './wireProtocol.js';

/** The one effect of a compiled rule. */
export type FaultEffect =
  | { readonly kind: 'failEntries'; readonly options: FailEntries }
  | { readonly kind: 'error'; readonly error: FaultError }
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'reset'; readonly when: 'before' | 'after' }
  | { readonly kind: 'hang' };

/** A validated rule with its own seeded generator and counters. */
export interface CompiledRule {
  readonly id: number;
  readonly operations: ReadonlySet<string> | undefined;
  readonly ratio: number;
  readonly when: ((request: FaultRequest) => boolean) | undefined;
  readonly effect: FaultEffect;
  readonly random: () => number;
  remaining: number;
  applied: number;
}

/** The rules that hit one request. */
export interface RuleSelection {
  /** Sum of the latency rules that hit. */
  readonly latencyMs: number;
  /** The first non-latency rule that hit, if any. */
  readonly rule: CompiledRule | undefined;
}

const MAX_LATENCY_MS = 600_000;
const EFFECT_KEYS = ['failEntries', 'error', 'latencyMs', 'reset', 'hang'] as const;


function checkRatio(value: unknown, option: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidOptionError(`Expected \`${option}\` to be a number between 0 and 1, got \`${show(value)}\``);
  }
  return value;
}

function checkFailEntries(options: FailEntries, batch: BatchAdapter | undefined, service: string): FailEntries {
  if (batch === undefined) {
    throw new InvalidOptionError(`Expected no \`failEntries\` for ${service}: it has no partial-failure batch operation`);
  }
  if (options.ratio !== undefined && options.indices !== undefined) {
    throw new InvalidOptionError('Expected `failEntries.ratio` or `failEntries.indices`, not both');
  }
  if (options.ratio !== undefined) checkRatio(options.ratio, 'failEntries.ratio');
  if (options.indices !== undefined) {
    const { indices } = options;
    if (!Array.isArray(indices) || !indices.every((i) => Number.isInteger(i) && i >= 0)) {
      throw new InvalidOptionError(
        `Expected \`failEntries.indices\` to be an array of non-negative integers, got \`${show(indices)}\``,
      );
    }
  }
  if (options.errorCode !== undefined && (typeof options.errorCode !== 'string' || options.errorCode === '')) {
    throw new InvalidOptionError(`Expected \`failEntries.errorCode\` to be a non-empty string, got \`${show(options.errorCode)}\``);
  }
  if (options.errorMessage !== undefined && typeof options.errorMessage !== 'string') {
    throw new InvalidOptionError(`Expected \`failEntries.errorMessage\` to be a string, got \`${show(options.errorMessage)}\``);
  }
  if (options.senderFault !== undefined && typeof options.senderFault !== 'boolean') {
    throw new InvalidOptionError(`Expected \`failEntries.senderFault\` to be a boolean, got \`${show(options.senderFault)}\``);
  }
  batch.validate(options);
  return options;
}

function checkError(error: FaultError): FaultError {
  if (!Number.isInteger(error.status) || error.status < 400 || error.status > 599) {
    throw new InvalidOptionError(`Expected \`error.status\` to be an integer between 400 and 599, got \`${show(error.status)}\``);
  }
  if (typeof error.name !== 'string' || error.name === '') {
    throw new InvalidOptionError(`Expected \`error.name\` to be a non-empty string, got \`${show(error.name)}\``);
  }
  if (error.message !== undefined && typeof error.message !== 'string') {
    throw new InvalidOptionError(`Expected \`error.message\` to be a string, got \`${show(error.message)}\``);
  }
  return error;
}

function compileEffect(rule: FaultRule, batch: BatchAdapter | undefined, service: string): FaultEffect {
  const given = EFFECT_KEYS.filter((key) => rule[key] !== undefined && !(key === 'hang' && rule.hang === false));
  if (given.length !== 1) {
    throw new InvalidOptionError(
      `Expected exactly one effect (failEntries, error, latencyMs, reset or hang), got ${given.length}${given.length > 0 ? `: ${given.join(', ')}` : ''}`,
    );
  }
  if (rule.failEntries !== undefined) return { kind: 'failEntries', options: checkFailEntries(rule.failEntries, batch, service) };
  if (rule.error !== undefined) return { kind: 'error', error: checkError(rule.error) };
  if (rule.latencyMs !== undefined) {
    const ms = rule.latencyMs;
    if (typeof ms !== 'number' || !(ms >= 0 && ms <= MAX_LATENCY_MS)) {
      throw new InvalidOptionError(`Expected \`latencyMs\` to be a number between 0 and ${MAX_LATENCY_MS}, got \`${show(ms)}\``);
    }
    return { kind: 'latency', ms };
  }
  if (rule.reset !== undefined) {
    if (rule.reset !== 'before' && rule.reset !== 'after') {
      throw new InvalidOptionError(`Expected \`reset\` to be 'before' or 'after', got \`${show(rule.reset)}\``);
    }
    return { kind: 'reset', when: rule.reset };
  }
  if (rule.hang !== true) throw new InvalidOptionError(`Expected \`hang\` to be true, got \`${show(rule.hang)}\``);
  return { kind: 'hang' };
}

function compileOperations(rule: FaultRule, effect: FaultEffect, batch: BatchAdapter | undefined): ReadonlySet<string> | undefined {
  const { operation } = rule;
  const list = operation === undefined ? undefined : typeof operation === 'string' ? [operation] : operation;
  if (list !== undefined && (!Array.isArray(list) || list.length === 0 || !list.every((op) => typeof op === 'string' && op !== ''))) {
    throw new InvalidOptionError(`Expected \`operation\` to be a non-empty string or array of strings, got \`${show(operation)}\``);
  }
  if (effect.kind === 'failEntries' && batch !== undefined) {
    if (list !== undefined && !list.every((op) => op === batch.operation)) {
      throw new InvalidOptionError(`Expected \`operation\` to be '${batch.operation}' for failEntries, got \`${show(operation)}\``);
    }
    return new Set([batch.operation]);
  }
  return list === undefined ? undefined : new Set(list);
}

/**
 * Positions of the entries a `failEntries` rule fails in a batch of `count`: the listed
 * `indices` that exist, or each position with probability `ratio` drawn from the rule's generator.
 */
export function pickFailedEntries(rule: CompiledRule, options: FailEntries, count: number): number[] {
  if (options.indices !== undefined) return [...new Set(options.indices)].filter((i) => i < count);
  const ratio = options.ratio ?? 0.5;
  const picked: number[] = [];
  for (let i = 0; i < count; i += 1) if (rule.random() < ratio) picked.push(i);
  return picked;
}

/**
 * The scripted rules of one proxy. Each rule gets its own generator seeded from the proxy's
 * seed and the rule's id, so its draws depend only on the requests it sees.
 */
export class FaultRuleSet {
  readonly #rules: CompiledRule[] = [];
  readonly #seed: number;
  readonly #batch: BatchAdapter | undefined;
  readonly #service: string;
  #nextId = 1;

  constructor(seed: number, service: string, batch: BatchAdapter | undefined) {
    this.#seed = seed;
    this.#service = service;
    this.#batch = batch;
  }

  /** Validates and appends a rule. */
  add(rule: FaultRule): FaultRuleHandle {
    if (typeof rule !== 'object' || rule === null) {
      throw new InvalidOptionError(`Expected a fault rule object, got \`${show(rule)}\``);
    }
    const effect = compileEffect(rule, this.#batch, this.#service);
    const times = rule.times ?? Infinity;
    if (times !== Infinity && (!Number.isInteger(times) || times < 1)) {
      throw new InvalidOptionError(`Expected \`times\` to be a positive integer, got \`${show(rule.times)}\``);
    }
    if (rule.when !== undefined && typeof rule.when !== 'function') {
      throw new InvalidOptionError(`Expected \`when\` to be a function, got \`${show(rule.when)}\``);
    }
    const id = this.#nextId++;
    const compiled: CompiledRule = {
      id,
      operations: compileOperations(rule, effect, this.#batch),
      ratio: rule.ratio === undefined ? 1 : checkRatio(rule.ratio, 'ratio'),
      when: rule.when,
      effect,
      random: mulberry32(deriveSeed(this.#seed, `rule:${id}`)),
      remaining: times,
      applied: 0,
    };
    this.#rules.push(compiled);
    const rules = this.#rules;
    return {
      id,
      get applied() {
        return compiled.applied;
      },
      get remaining() {
        return compiled.remaining;
      },
      remove() {
        const at = rules.indexOf(compiled);
        if (at >= 0) rules.splice(at, 1);
      },
    };
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules.length = 0;
  }

  /**
   * Picks the rules that hit `request`: every matching latency rule, plus the first matching
   * other rule. A rule draws from its generator only when it matches and its ratio is below 1.
   */
  select(request: FaultRequest, hasEntries: boolean): RuleSelection {
    let latencyMs = 0;
    let chosen: CompiledRule | undefined;
    for (const rule of [...this.#rules]) {
      const isLatency = rule.effect.kind === 'latency';
      if (!isLatency && chosen !== undefined) continue;
      if (rule.remaining <= 0) continue;
      if (rule.operations !== undefined && !rule.operations.has(request.operation)) continue;
      if (rule.effect.kind === 'failEntries' && !hasEntries) continue;
      if (rule.when !== undefined && !rule.when(request)) continue;
      if (rule.ratio < 1 && !(rule.random() < rule.ratio)) continue;
      rule.remaining -= 1;
      rule.applied += 1;
      if (rule.effect.kind === 'latency') latencyMs += rule.effect.ms;
      else chosen = rule;
    }
    return { latencyMs, rule: chosen };
  }
}
