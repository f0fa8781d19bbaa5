import { cloudwatchSuite } from './cloudwatch/cloudwatchSuite.js';
import { coreSuite } from './core/coreSuite.js';
import { dynamodbSuite } from './dynamodb/dynamodbSuite.js';
import { kinesisSuite } from './kinesis/kinesisSuite.js';
import { sqsSuite } from './sqs/sqsSuite.js';
import type { Suite } from './suite.js';

/**
 * Every suite, in the order `node dist/run.js` (no arguments) runs them. To add one: write
 * `src/<name>/<name>Suite.ts` exporting a `Suite` (see suite.ts), and list it here.
 */
export const suites: readonly Suite[] = [coreSuite, kinesisSuite, dynamodbSuite, sqsSuite, cloudwatchSuite];
