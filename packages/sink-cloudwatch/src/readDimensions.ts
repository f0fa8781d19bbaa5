import { InvalidDimensionError } from './errors.js';
import { CLOUDWATCH_LIMITS } from './limits.js';
import { nameProblem } from './names.js';
import type { CloudWatchJob, MetricDimension } from './types.js';

/**
 * Checks a job's dimensions (a record or a list) and returns them as a list, in the order
 * given: at most `maxDimensions`, names 1–255 and values 1–1024 printable ASCII characters
 * (not all spaces), names not starting with `:` and unique (a metric has one value per
 * dimension).
 * @throws InvalidDimensionError naming the dimension's position and the rule.
 */
export function readDimensions(input: CloudWatchJob['dimensions'], maxDimensions: number): readonly MetricDimension[] {
  if (input === undefined) return [];
  // A Map or class instance would read as no dimensions at all: refuse rather than drop them.
  if (input === null || typeof input !== 'object' || !(Array.isArray(input) || isPlainObject(input))) {
    throw new InvalidDimensionError('dimensions', 'expected a record or a list of dimensions');
  }
  const count = Array.isArray(input) ? input.length : Object.keys(input).length;
  if (count > maxDimensions) {
    throw new InvalidDimensionError('dimensions', `${count} dimensions; CloudWatch allows at most ${maxDimensions} per metric`);
  }
  const list: MetricDimension[] = [];
  if (Array.isArray(input)) {
    const items = input as readonly unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item === null || typeof item !== 'object') throw new InvalidDimensionError(`dimensions[${i}]`, 'expected `{ name, value }`; use `dimension(name, value)`');
      const { name, value } = item as Partial<Record<keyof MetricDimension, unknown>>;
      list.push(checked(name, value, `dimensions[${i}]`));
    }
  } else {
    let i = 0;
    for (const [name, value] of Object.entries(input as Readonly<Record<string, unknown>>)) {
      list.push(checked(name, value, `dimensions[${i++}]`));
    }
  }
  if (list.length > 1) {
    const names = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const name = (list[i] as MetricDimension).name;
      if (names.has(name)) throw new InvalidDimensionError(`dimensions[${i}].name`, 'repeats an earlier dimension name');
      names.add(name);
    }
  }
  return list;
}

function checked(name: unknown, value: unknown, field: string): MetricDimension {
  const nameIssue = nameProblem(name, CLOUDWATCH_LIMITS.maxNameLength);
  if (nameIssue !== undefined) throw new InvalidDimensionError(`${field}.name`, nameIssue);
  if ((name as string).startsWith(':')) throw new InvalidDimensionError(`${field}.name`, 'a dimension name cannot start with `:`');
  const valueIssue = nameProblem(value, CLOUDWATCH_LIMITS.maxDimensionValueLength);
  if (valueIssue !== undefined) throw new InvalidDimensionError(`${field}.value`, valueIssue);
  return { name: name as string, value: value as string };
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
