import { InvalidJobError } from '@batch/core';
import { binaryBytes, payloadToText, utf8ByteLength } from '@batch/sink-common';
import { InvalidExplicitHashKeyError, InvalidPartitionKeyError } from './errors.js';
import { randomPartitionKey } from './randomPartitionKey.js';
import type { KinesisJob } from './types.js';

/**
 * A job as the sink keeps it after `prepare`: payload encoded to bytes and size computed once,
 * partition key settled (a generated one stays the same across retries).
 */
export class KinesisRecord implements KinesisJob {
  /**
   * Kept alive so that V8 keeps the sink's optimized code through an idle garbage collection
   * (the reason is at `SettlementGroup.kept` in `@batch/core`). Built by the constructor
   * alone, so nothing runs at import.
   */
  static readonly kept = new KinesisRecord(new Uint8Array(0), '0', undefined, false);
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly explicitHashKey: string | undefined;
  /** Whether the sink generated the key (such records carry no order to keep). */
  readonly generatedKey: boolean;
  /** Data bytes plus partition key bytes: what counts against record and request limits. */
  readonly size: number;

  private constructor(data: Uint8Array, partitionKey: string, explicitHashKey: string | undefined, generatedKey: boolean) {
    this.data = data;
    this.partitionKey = partitionKey;
    this.explicitHashKey = explicitHashKey;
    this.generatedKey = generatedKey;
    // Generated keys are ASCII hex: one byte per character.
    this.size = data.byteLength + (generatedKey ? partitionKey.length : utf8ByteLength(partitionKey));
  }

  /** Normalizes a user job; throws a typed error for a job that is not a record at all. */
  static from(job: KinesisJob): KinesisRecord {
    if (job instanceof KinesisRecord) return job;
    if (job === null || typeof job !== 'object') throw new InvalidJobError('A Kinesis job must be an object with `data`');
    const { data, partitionKey, explicitHashKey } = job;
    if (partitionKey !== undefined && typeof partitionKey !== 'string') throw new InvalidPartitionKeyError(`expected a string, got ${typeof partitionKey}`);
    if (explicitHashKey !== undefined && typeof explicitHashKey !== 'string') {
      throw new InvalidExplicitHashKeyError(`expected a decimal string, got ${typeof explicitHashKey}`);
    }
    const bytes = binaryBytes(data) ?? Buffer.from(payloadToText(data), 'utf8');
    const generated = partitionKey === undefined;
    return new KinesisRecord(bytes, generated ? randomPartitionKey() : partitionKey, explicitHashKey, generated);
  }
}
