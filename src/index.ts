import { dirname, join } from 'node:path';
import { superviseAction } from './action/supervise.js';

// GitHub runs `node dist/index.js` without flags. This small first bundle runs the action
// (dist/action/index.js, built from src/action-worker.ts) in a worker thread with a bounded heap
// (src/action/load-worker.ts): the action's code is never loaded in this thread.
await superviseAction(join(dirname(process.argv[1] ?? '.'), 'action', 'index.js'));
