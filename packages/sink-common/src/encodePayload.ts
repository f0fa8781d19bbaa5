import { BatchError } from '@batch/core';

/** Thrown when a payload cannot be serialized (a cycle, a BigInt, `undefined`, a function). */
export class UnserializablePayloadError extends BatchError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('UNSERIALIZABLE_PAYLOAD', `Payload cannot be serialized: ${reason}`, options);
  }
}

/**
 * A payload as text: a string is used verbatim; anything else is serialized once with
 * `JSON.stringify`. Bytes are not text: callers that accept bytes handle them first.
 * @throws UnserializablePayloadError when JSON cannot represent the value.
 */
export function payloadToText(value: unknown): string {
  if (typeof value === 'string') return value;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new UnserializablePayloadError(error instanceof Error ? error.name : 'JSON.stringify threw', { cause: error });
  }
  if (text === undefined) throw new UnserializablePayloadError(`JSON has no representation for ${typeof value}`);
  return text;
}
