import { InvalidOptionError } from './errors.js';
import { showValue } from './showValue.js';
import type { FailEntries, FaultError } from './types.js';
import {
  type BatchAdapter,
  type JsonObject,
  type ServiceProtocol,
  isJsonObject,
  jsonErrorResponse,
} from './wireProtocol.js';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const NAMESPACE = 'com.amazonaws.dynamodb.v20120810';
/** Items per BatchWriteItem request, across all tables. */
const MAX_BATCH_WRITE_ITEMS = 25;

interface TableEntry {
  readonly table: string;
  readonly request: unknown;
}

/** Entries in request order: tables as listed in `RequestItems`, then each table's requests. */
function tableEntries(body: JsonObject): TableEntry[] | undefined {
  if (!isJsonObject(body.RequestItems)) return undefined;
  const entries: TableEntry[] = [];
  for (const [table, requests] of Object.entries(body.RequestItems)) {
    if (!Array.isArray(requests)) return undefined;
    for (const request of requests) entries.push({ table, request });
  }
  return entries;
}

function groupByTable(entries: readonly TableEntry[]): Record<string, unknown[]> {
  const grouped: Record<string, unknown[]> = {};
  for (const { table, request } of entries) (grouped[table] ??= []).push(request);
  return grouped;
}

const batchWriteItem: BatchAdapter = {
  operation: 'BatchWriteItem',
  entries: tableEntries,
  withEntries(body, keep) {
    const all = tableEntries(body) ?? [];
    const kept = keep.flatMap((i) => all[i] ?? []);
    return { ...body, RequestItems: groupByTable(kept) };
  },
  merge(body, upstream, _keep, failures) {
    const all = tableEntries(body) ?? [];
    const failed = all.filter((_entry, i) => failures.has(i));
    const unprocessed = groupByTable(failed);
    const consumed: unknown[] = [];
    const metrics: Record<string, unknown[]> = {};
    for (const answer of upstream) {
      if (isJsonObject(answer.UnprocessedItems)) {
        for (const [table, requests] of Object.entries(answer.UnprocessedItems)) {
          if (Array.isArray(requests)) (unprocessed[table] ??= []).push(...(requests as unknown[]));
        }
      }
      if (Array.isArray(answer.ConsumedCapacity)) consumed.push(...(answer.ConsumedCapacity as unknown[]));
      if (isJsonObject(answer.ItemCollectionMetrics)) {
        for (const [table, list] of Object.entries(answer.ItemCollectionMetrics)) {
          if (Array.isArray(list)) (metrics[table] ??= []).push(...(list as unknown[]));
        }
      }
    }
    const merged: JsonObject = { UnprocessedItems: unprocessed };
    if (consumed.length > 0) merged.ConsumedCapacity = consumed;
    if (Object.keys(metrics).length > 0) merged.ItemCollectionMetrics = metrics;
    return merged;
  },
  failure() {
    // UnprocessedItems carry the original request and nothing else.
    return { code: 'UnprocessedItems', message: '', senderFault: false };
  },
  validate(options: FailEntries) {
    for (const key of ['errorCode', 'errorMessage', 'senderFault'] as const) {
      if (options[key] !== undefined) {
        throw new InvalidOptionError(
          `Expected no \`failEntries.${key}\` for dynamodb (UnprocessedItems carry no error), got \`${showValue(options[key])}\``,
        );
      }
    }
  },
};

/**
 * DynamoDB speaks AWS JSON 1.0 with namespaced `__type`s. dynalite checks 25 items per table
 * rather than per request; `checkLimits` adds the per-request count.
 */
export const dynamodbProtocol: ServiceProtocol = {
  service: 'dynamodb',
  contentType: CONTENT_TYPE,
  throttlingError: {
    status: 400,
    name: 'ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  internalError: { status: 500, name: 'InternalServerError', message: 'Internal server error' },
  unavailableError: { status: 503, name: 'ServiceUnavailable', message: 'Service unavailable' },
  batch: batchWriteItem,
  errorResponse(error: FaultError) {
    return jsonErrorResponse(error, CONTENT_TYPE, NAMESPACE, undefined);
  },
  checkLimits(operation, body) {
    if (operation !== 'BatchWriteItem') return undefined;
    const count = tableEntries(body)?.length ?? 0;
    return count > MAX_BATCH_WRITE_ITEMS
      ? {
          kind: 'reject',
          error: {
            status: 400,
            name: 'ValidationException',
            message: 'Too many items requested for the BatchWriteItem call',
          },
        }
      : undefined;
  },
};
