import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { FaultRuleSet, pickFailedEntries } from './FaultRuleSet.js';
import { chunkEntries } from './chunkEntries.js';
import { forwardRequest } from './forwardRequest.js';
import { closeServer, listen, readBody } from './httpServer.js';
import type { FaultError, FaultKind, FaultMatch, FaultRule, FaultRuleHandle, RequestLogEntry, ServiceName } from './types.js';
import {
  type EntryFailure,
  type JsonObject,
  type ServiceProtocol,
  type WireResponse,
  isQueryRequest,
  jsonResponse,
  operationOf,
  parseJsonObject,
} from './wireProtocol.js';

const gunzipAsync = promisify(gunzip);
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type LogDraft = Omit<Mutable<RequestLogEntry>, 'seq' | 'status'>;

/** Internal construction options of a {@link FaultProxy}. */
export interface FaultProxyConfig {
  readonly protocol: ServiceProtocol;
  /** Base URL of the emulator behind the proxy. */
  readonly target: string;
  /** Seed of this proxy's rules. */
  readonly seed: number;
  readonly enforceLimits: boolean;
}

/**
 * An HTTP proxy in front of one emulator that injects scripted faults: partial batch failures,
 * whole-request errors, latency, connection resets and hangs, plus optional enforcement of real
 * AWS limits the emulator misses. Every request is logged for assertions on call counts.
 *
 * Obtain one from `startLocalAws()` (`aws.sqs.faults`); it is not constructed directly.
 *
 * @example
 * aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, failEntries: { indices: [1] } });
 * aws.sqs.faults.throttle({ times: 2 });
 * expect(aws.kinesis.faults.log.map((e) => e.operation)).toEqual(['PutRecords']);
 */
export class FaultProxy {
  /** The service behind this proxy. */
  readonly service: ServiceName;
  /** Seed of this proxy's random choices (derived from `startLocalAws`'s seed and the service). */
  readonly seed: number;
  /**
   * Enforce the real AWS limits the emulator misses (see README), answering AWS-shaped errors.
   * May be switched at any time.
   */
  enforceLimits: boolean;
  readonly #protocol: ServiceProtocol;
  readonly #target: URL;
  readonly #rules: FaultRuleSet;
  readonly #log: RequestLogEntry[] = [];
  readonly #sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  readonly #agent = new Agent({ keepAlive: true });
  readonly #server: Server;
  #endpoint = '';
  #seq = 0;
  #stopped = false;

  private constructor(config: FaultProxyConfig) {
    this.service = config.protocol.service;
    this.seed = config.seed;
    this.enforceLimits = config.enforceLimits;
    this.#protocol = config.protocol;
    this.#target = new URL(config.target);
    this.#rules = new FaultRuleSet(config.seed, config.protocol.service, config.protocol.batch);
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => this.#fail(request, response, error));
    });
  }

  /** @internal Starts a proxy on 127.0.0.1 with an ephemeral port. */
  static async start(config: FaultProxyConfig): Promise<FaultProxy> {
    const proxy = new FaultProxy(config);
    proxy.#endpoint = await listen(proxy.#server);
    return proxy;
  }

  /** The proxy's base URL: what SDK clients are pointed at. */
  get endpoint(): string {
    return this.#endpoint;
  }

  /** A snapshot of the request log, oldest first. */
  get log(): readonly RequestLogEntry[] {
    return [...this.#log];
  }

  /** The service's throttling error (Kinesis/DynamoDB `ProvisionedThroughputExceededException`, SQS `RequestThrottled`, CloudWatch `Throttling`). */
  get throttlingError(): FaultError {
    return this.#protocol.throttlingError;
  }

  /** The service's HTTP 500 error (`InternalFailure`, `InternalServerError`, `InternalError`, `InternalServiceFault`). */
  get internalError(): FaultError {
    return this.#protocol.internalError;
  }

  /** An HTTP 503 `ServiceUnavailable` error. */
  get unavailableError(): FaultError {
    return this.#protocol.unavailableError;
  }

  /**
   * Adds a rule; throws `InvalidOptionError` naming the bad field when the rule is invalid.
   * @returns A handle with live `applied`/`remaining` counters and `remove()`.
   */
  add(rule: FaultRule): FaultRuleHandle {
    return this.#rules.add(rule);
  }

  /** Shorthand for `add({ ...match, error: this.throttlingError })`. */
  throttle(match: FaultMatch = {}): FaultRuleHandle {
    return this.#rules.add({ ...match, error: this.#protocol.throttlingError });
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules.clear();
  }

  /** Empties the request log (sequence numbers keep counting). */
  clearLog(): void {
    this.#log.length = 0;
  }

  /** Closes the proxy, dropping open connections, hung requests and pending latency. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const sleeper of this.#sleepers) {
      clearTimeout(sleeper.timer);
      sleeper.wake();
    }
    this.#sleepers.clear();
    await closeServer(this.#server);
    this.#agent.destroy();
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const gzipped = request.headers['content-encoding'] === 'gzip';
    const decoded = gzipped ? await gunzipAsync(raw) : raw;
    const query = isQueryRequest(request.headers);
    const operation = operationOf(request.headers, decoded) ?? 'Unknown';
    let json = query ? undefined : parseJsonObject(decoded);
    const rewritten = json !== undefined ? this.#protocol.rewrite?.(operation, json) : undefined;
    json = rewritten ?? json;
    const batch = this.#protocol.batch;
    const entries = json !== undefined && batch?.operation === operation ? batch.entries(json) : undefined;
    const count = entries?.length ?? (json !== undefined ? this.#protocol.countEntries?.(operation, json) : undefined);
    const encoding = request.headers['content-encoding'];
    const draft: LogDraft = {
      operation,
      ...(encoding !== undefined ? { contentEncoding: encoding } : {}),
      ...(count !== undefined ? { entries: count } : {}),
    };

    const failures = new Map<number, EntryFailure>();
    let fault: FaultKind | undefined;
    if (this.enforceLimits && json !== undefined && this.#protocol.checkLimits) {
      const verdict = await this.#protocol.checkLimits(operation, json, decoded.length);
      if (verdict?.kind === 'reject') {
        const wire = this.#protocol.errorResponse(verdict.error, query);
        this.#respond(response, { ...draft, fault: 'limit', errorName: verdict.error.name }, wire);
        return;
      }
      if (verdict?.kind === 'failEntries') {
        for (const [i, failure] of verdict.failures) failures.set(i, failure);
        fault = 'limit';
      }
    }

    const { latencyMs, rule } = this.#rules.select(
      { operation, body: json, headers: request.headers },
      entries !== undefined && entries.length > 0,
    );
    if (latencyMs > 0) {
      draft.latencyMs = latencyMs;
      fault ??= 'latency';
      // A client that gives up meanwhile does not stop AWS from applying the request: forward anyway.
      await this.#sleep(latencyMs);
      if (this.#stopped) return;
    }
    if (rule !== undefined) draft.ruleId = rule.id;
    const effect = rule?.effect;
    if (effect?.kind === 'hang') {
      // Never answered: the socket is dropped when the client gives up or the proxy stops.
      this.#record({ ...draft, fault: 'hang' }, 0);
      return;
    }
    if (effect?.kind === 'reset' && effect.when === 'before') {
      this.#record({ ...draft, fault: 'reset-before' }, 0);
      request.socket.resetAndDestroy();
      return;
    }
    if (effect?.kind === 'error') {
      const wire = this.#protocol.errorResponse(effect.error, query);
      this.#respond(response, { ...draft, fault: 'error', errorName: effect.error.name }, wire);
      return;
    }
    if (rule !== undefined && effect?.kind === 'failEntries' && json !== undefined && batch !== undefined && entries !== undefined) {
      for (const i of pickFailedEntries(rule, effect.options, entries.length)) {
        if (!failures.has(i)) failures.set(i, batch.failure(json, i, effect.options));
      }
      fault = 'failEntries';
    }
    if (fault === 'failEntries' || fault === 'limit' || failures.size > 0) {
      draft.failedIndices = [...failures.keys()].sort((a, b) => a - b);
    }

    const oversized = batch?.maxForwardBytes !== undefined && decoded.length > batch.maxForwardBytes;
    const answer =
      json !== undefined && entries !== undefined && (failures.size > 0 || oversized)
        ? await this.#forwardEntries(request, json, entries, failures)
        : await forwardRequest(
            request,
            this.#target,
            this.#agent,
            rewritten !== undefined ? Buffer.from(JSON.stringify(rewritten)) : raw,
            rewritten === undefined,
          );
    if (this.#stopped) return;
    if (effect?.kind === 'reset') {
      // The emulator has applied the request; the client never hears so.
      this.#record({ ...draft, fault: 'reset-after', upstreamStatus: answer.status }, 0);
      request.socket.resetAndDestroy();
      return;
    }
    this.#respond(response, { ...draft, ...(fault !== undefined ? { fault } : {}) }, answer);
  }

  /** Forwards only the surviving entries of a batch (in chunks if large) and merges the answer. */
  async #forwardEntries(
    request: IncomingMessage,
    json: JsonObject,
    entries: readonly unknown[],
    failures: ReadonlyMap<number, EntryFailure>,
  ): Promise<WireResponse> {
    const batch = this.#protocol.batch;
    if (batch === undefined) throw new Error(`${this.service} has no batch operation`);
    const keep = entries.map((_e, i) => i).filter((i) => !failures.has(i));
    const answers: JsonObject[] = [];
    let requestId: string | undefined;
    const chunks =
      batch.maxForwardBytes === undefined
        ? keep.length > 0 ? [[...keep]] : []
        : chunkEntries(
            keep,
            JSON.stringify(batch.withEntries(json, [])).length,
            (i) => JSON.stringify(entries[i]).length,
            batch.maxForwardBytes,
          );
    for (const chunk of chunks) {
      const body = Buffer.from(JSON.stringify(batch.withEntries(json, chunk)));
      const answer = await forwardRequest(request, this.#target, this.#agent, body, false);
      const parsed = answer.status === 200 ? parseJsonObject(answer.body) : undefined;
      // The emulator refused the surviving entries (e.g. a validation error): pass its answer on.
      if (parsed === undefined) return answer;
      requestId ??= answer.headers['x-amzn-requestid'];
      answers.push(parsed);
    }
    return jsonResponse(batch.merge(json, answers, keep, failures), this.#protocol.contentType, requestId);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.#sleepers.delete(sleeper);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.#sleepers.add(sleeper);
    });
  }

  #record(draft: LogDraft, status: number): void {
    this.#seq += 1;
    this.#log.push({ seq: this.#seq, status, ...draft });
  }

  #respond(response: ServerResponse, draft: LogDraft, answer: WireResponse): void {
    this.#record(draft, answer.status);
    if (response.destroyed || response.headersSent) return;
    response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    response.end(answer.body);
  }

  /** A bug or an unreachable emulator: answer 500 so the failure is visible, and log it. */
  #fail(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    if (this.#stopped) return;
    const message = error instanceof Error ? error.message : String(error);
    const wire = this.#protocol.errorResponse(
      { status: 500, name: 'LocalAwsProxyError', message },
      isQueryRequest(request.headers),
    );
    const operation = operationOf(request.headers, Buffer.alloc(0)) ?? 'Unknown';
    this.#respond(response, { operation, fault: 'proxy-error', message }, wire);
  }
}
