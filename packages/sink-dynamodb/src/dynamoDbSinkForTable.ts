import { createDynamoDbSink } from './dynamoDbSink.js';
import type { DynamoDbSink } from './dynamoDbSink.js';
import { describeKeySchema, schemaFromNames } from './keySchema.js';
import { resolveDynamoDbOptions } from './options.js';
import type { DynamoDbSinkOptions } from './options.js';

/**
 * Like `dynamoDbSink`, but reads the table's key schema with one `DescribeTable` first (unless
 * `keyAttributes` is given), so that every check happens at `add()` from the first job on: the
 * primary key's attributes and types, and the types of the secondary indexes' key attributes
 * (an item whose index key has the wrong type or is empty would fail the whole request).
 *
 * @example const sink = await dynamoDbSinkForTable({ client, tableName: 'orders' });
 * @throws InvalidOptionError for bad options; the SDK's error when DescribeTable fails.
 */
export async function dynamoDbSinkForTable(options: DynamoDbSinkOptions): Promise<DynamoDbSink> {
  const config = resolveDynamoDbOptions(options);
  if (config.keyAttributes !== undefined) return createDynamoDbSink(config, schemaFromNames(config.keyAttributes));
  return createDynamoDbSink(config, await describeKeySchema(config.client, config.tableName));
}
