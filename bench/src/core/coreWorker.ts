/** Child process of the core suite: runs one task (see protocol.ts) and prints its result. */
import { workerMain } from '../lib/workerMain.js';
import type { CoreTask, RetainedResult, ThroughputResult, TrickleResult } from './protocol.js';
import { retained } from './retained.js';
import { throughput } from './throughput.js';
import { trickle } from './trickle.js';

workerMain<CoreTask, ThroughputResult | RetainedResult | TrickleResult>((task) => {
  switch (task.kind) {
    case 'throughput':
      return throughput(task);
    case 'retained':
      return retained(task);
    case 'trickle':
      return trickle(task);
  }
});
