import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, TableDescription } from '@aws-sdk/client-dynamodb';
import { utf8ByteLength } from '@batch/sink-common';
import { DynamoDbResponseError, InvalidKeyError } from './errors.js';
import { DYNAMODB_LIMITS } from './limits.js';
import { canonicalNumber, parseNumber } from './parseNumber.js';
import type { DynamoDbClientLike, KeyAttributeType } from './types.js';

/** One key attribute as the sink checks it. */
export interface KeyAttribute {
  readonly name: string;
  /** Undefined when only the name is known: any of S, N, B is accepted. */
  readonly type: KeyAttributeType | undefined;
  /** Most bytes of a string or binary value (2048 for a partition key, 1024 for a sort key). */
  readonly maxBytes: number;
}

/** The table's primary key, plus its secondary indexes' key attributes when read from the table. */
export interface KeySchema {
  readonly keys: readonly KeyAttribute[];
  readonly indexKeys: readonly KeyAttribute[];
}

/** A primary key found in an item: the canonical string and the key attributes alone. */
export interface ExtractedKey {
  readonly key: string;
  readonly attributes: Record<string, AttributeValue>;
}

/** Separates key parts; it cannot occur in a part (JSON-quoted strings, base64, canonical numbers). */
const SEPARATOR = '\u0000';

/** The schema of `keyAttributes`: the first is the partition key, the second the sort key. */
export function schemaFromNames(keys: readonly { readonly name: string; readonly type: KeyAttributeType | undefined }[]): KeySchema {
  return {
    keys: keys.map((key, i) => ({ ...key, maxBytes: i === 0 ? DYNAMODB_LIMITS.maxPartitionKeyBytes : DYNAMODB_LIMITS.maxSortKeyBytes })),
    indexKeys: [],
  };
}

/** Reads the table's key schema with one DescribeTable. */
export async function describeKeySchema(client: DynamoDbClientLike, tableName: string, signal?: AbortSignal): Promise<KeySchema> {
  const output = await client.send(new DescribeTableCommand({ TableName: tableName }), signal === undefined ? undefined : { abortSignal: signal });
  return schemaFromTable(output.Table);
}

/** The schema of a DescribeTable answer: key schema, attribute types and every index's keys. */
export function schemaFromTable(table: TableDescription | undefined): KeySchema {
  const types = new Map<string, KeyAttributeType>();
  for (const definition of table?.AttributeDefinitions ?? []) {
    const type = definition.AttributeType;
    if (definition.AttributeName !== undefined && (type === 'S' || type === 'N' || type === 'B')) types.set(definition.AttributeName, type);
  }
  const attributes = (schema: readonly { AttributeName?: string | undefined; KeyType?: string | undefined }[] | undefined): KeyAttribute[] =>
    (schema ?? []).flatMap((element) => {
      const name = element.AttributeName;
      if (name === undefined) return [];
      const maxBytes = element.KeyType === 'RANGE' ? DYNAMODB_LIMITS.maxSortKeyBytes : DYNAMODB_LIMITS.maxPartitionKeyBytes;
      return [{ name, type: types.get(name), maxBytes }];
    });
  const keys = attributes(table?.KeySchema);
  if (keys.length === 0 || keys.length > 2 || keys.some((key) => key.type === undefined)) {
    throw new DynamoDbResponseError('DescribeTable returned no usable KeySchema and AttributeDefinitions');
  }
  const indexKeys = new Map<string, KeyAttribute>();
  for (const index of [...(table?.GlobalSecondaryIndexes ?? []), ...(table?.LocalSecondaryIndexes ?? [])]) {
    for (const attribute of attributes(index.KeySchema)) {
      if (keys.some((key) => key.name === attribute.name)) continue;
      const known = indexKeys.get(attribute.name);
      // An attribute that is a partition key in one index and a sort key in another gets the lower limit.
      if (known === undefined || attribute.maxBytes < known.maxBytes) indexKeys.set(attribute.name, attribute);
    }
  }
  return { keys, indexKeys: [...indexKeys.values()] };
}

/**
 * Finds the primary key in `item` and checks it as DynamoDB will: present, of a scalar type (the
 * declared one when known), not empty, not too long. Number values were checked with the item.
 * @throws InvalidKeyError naming the attribute.
 */
export function extractKey(item: Readonly<Record<string, AttributeValue | undefined>>, schema: KeySchema): ExtractedKey {
  let key = '';
  const attributes: Record<string, AttributeValue> = {};
  for (let i = 0; i < schema.keys.length; i++) {
    const attribute = schema.keys[i] as KeyAttribute;
    const value = item[attribute.name];
    if (value === undefined) throw new InvalidKeyError(attribute.name, 'missing');
    const part = keyPart(value, attribute, false);
    key = i === 0 ? part : key + SEPARATOR + part;
    attributes[attribute.name] = value;
  }
  return { key, attributes };
}

/** Checks the secondary-index key attributes a put carries (absent ones are fine: sparse indexes). */
export function checkIndexKeys(item: Readonly<Record<string, AttributeValue | undefined>>, schema: KeySchema): void {
  for (const attribute of schema.indexKeys) {
    const value = item[attribute.name];
    if (value !== undefined) keyPart(value, attribute, true);
  }
}

/** The canonical key of a write request DynamoDB returned, or undefined when it has none. */
export function keyOfReturned(item: Readonly<Record<string, AttributeValue | undefined>> | undefined, schema: KeySchema): string | undefined {
  if (item === undefined) return undefined;
  try {
    return extractKey(item, schema).key;
  } catch {
    return undefined;
  }
}

function keyPart(value: AttributeValue, attribute: KeyAttribute, index: boolean): string {
  const type = value.S !== undefined ? 'S' : value.N !== undefined ? 'N' : value.B !== undefined ? 'B' : undefined;
  if (type === undefined) {
    const actual = Object.keys(value).find((name) => (value as unknown as Record<string, unknown>)[name] !== undefined) ?? 'nothing';
    throw new InvalidKeyError(attribute.name, `expected a string, number or binary value, got ${actual}`, index);
  }
  if (attribute.type !== undefined && type !== attribute.type) {
    throw new InvalidKeyError(attribute.name, `expected type ${attribute.type}, got ${type}`, index);
  }
  if (value.N !== undefined) {
    const number = parseNumber(value.N);
    if (number === undefined) throw new InvalidKeyError(attribute.name, 'not a valid number', index);
    return `N${canonicalNumber(number)}`;
  }
  const bytes = value.S !== undefined ? utf8ByteLength(value.S) : (value.B as Uint8Array).byteLength;
  if (bytes === 0) throw new InvalidKeyError(attribute.name, `an empty ${type === 'S' ? 'string' : 'binary value'}`, index);
  if (bytes > attribute.maxBytes) {
    const role = attribute.maxBytes === DYNAMODB_LIMITS.maxPartitionKeyBytes ? 'partition' : 'sort';
    throw new InvalidKeyError(attribute.name, `${bytes} bytes; DynamoDB allows at most ${attribute.maxBytes} for a ${role} key`, index);
  }
  if (value.S !== undefined) return `S${JSON.stringify(value.S)}`;
  const binary = value.B as Uint8Array;
  return `B${Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength).toString('base64')}`;
}
