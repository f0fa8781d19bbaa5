import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type {
  BatchResultErrorEntry,
  GetQueueAttributesCommandInput,
  MessageAttributeValue,
  SendMessageBatchCommand,
  SendMessageBatchCommandInput,
  SendMessageBatchResultEntry,
} from '@aws-sdk/client-sqs';
import type { SqsQueueClientLike } from '@batch/sink-sqs';

/** One entry as the fake received it. */
export interface SentEntry {
  readonly id: string;
  readonly body: string;
  readonly groupId?: string | undefined;
  readonly dedupId?: string | undefined;
  readonly delay?: number | undefined;
  readonly attributes?: Record<string, MessageAttributeValue> | undefined;
}

/**
 * How the fake answers one entry: accepted, failed in the response, left out of the response,
 * or (an Error) the whole request throws it.
 */
export type EntryAnswer =
  | 'ok'
  | 'missing'
  | { readonly failed: Partial<Omit<BatchResultErrorEntry, 'Id'>> }
  | { readonly result: Partial<Omit<SendMessageBatchResultEntry, 'Id'>> }
  | Error;

export interface FakeOptions {
  /** Answer with the lists in reverse order (results are matched by Id, not position). */
  readonly reverse?: boolean;
  /** Leave out an empty `Successful` / `Failed` list, as the JSON protocol may. */
  readonly omitEmpty?: boolean;
  /** Queue attributes returned by GetQueueAttributes (only the names asked for). */
  readonly queueAttributes?: Record<string, string>;
  /** Resolve each request only when this promise (per call) resolves. */
  readonly gate?: (call: number) => Promise<void>;
}

/**
 * A fake SQS client: records every SendMessageBatch input and answers each entry with
 * `answer(entry, call)` (default: accepted). Message ids are `m1`, `m2`… in acceptance order;
 * FIFO queues also get sequence numbers `s1`, `s2`….
 */
export function fakeClient(answer: (entry: SentEntry, call: number) => EntryAnswer = () => 'ok', options: FakeOptions = {}) {
  const calls: Array<{ input: SendMessageBatchCommandInput; entries: SentEntry[] }> = [];
  const attributeCalls: GetQueueAttributesCommandInput[] = [];
  let accepted = 0;
  const send = async (command: SendMessageBatchCommand | GetQueueAttributesCommand) => {
    if (command instanceof GetQueueAttributesCommand) {
      attributeCalls.push(command.input);
      const attributes: Record<string, string> = {};
      for (const name of command.input.AttributeNames ?? []) {
        const value = options.queueAttributes?.[name];
        if (value !== undefined) attributes[name] = value;
      }
      return { Attributes: attributes, $metadata: {} };
    }
    const input = command.input;
    const entries = (input.Entries ?? []).map((e) => ({
      id: e.Id ?? '',
      body: e.MessageBody ?? '',
      groupId: e.MessageGroupId,
      dedupId: e.MessageDeduplicationId,
      delay: e.DelaySeconds,
      attributes: e.MessageAttributes,
    }));
    calls.push({ input, entries });
    const call = calls.length;
    if (options.gate !== undefined) await options.gate(call);
    const fifo = (input.QueueUrl ?? '').endsWith('.fifo');
    const successful: SendMessageBatchResultEntry[] = [];
    const failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      const a = answer(entry, call);
      if (a instanceof Error) throw a;
      if (a === 'missing') continue;
      if (a === 'ok') {
        accepted += 1;
        successful.push({ Id: entry.id, MessageId: `m${accepted}`, MD5OfMessageBody: 'x', ...(fifo ? { SequenceNumber: `s${accepted}` } : {}) });
      } else if ('failed' in a) failed.push({ Id: entry.id, ...a.failed } as BatchResultErrorEntry);
      else successful.push({ Id: entry.id, ...a.result } as SendMessageBatchResultEntry);
    }
    if (options.reverse === true) {
      successful.reverse();
      failed.reverse();
    }
    return {
      ...(options.omitEmpty === true && successful.length === 0 ? {} : { Successful: successful }),
      ...(options.omitEmpty === true && failed.length === 0 ? {} : { Failed: failed }),
      $metadata: {},
    };
  };
  const client = { send } as unknown as SqsQueueClientLike;
  return { client, calls, attributeCalls };
}

/** An error shaped like the SDK's service exceptions. */
export function awsError(name: string, status?: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }), ...extra });
}

export const STANDARD_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';
export const FIFO_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo';
export const internalError = { failed: { Code: 'InternalError', SenderFault: false, Message: 'try again' } } as const;
