import { dirname, join } from 'node:path';
import { superviseAction } from './action/supervise.js';

// GitHub runs `node dist/index.js` without flags. This small first bundle only starts the action
// (dist/action/index.js, built from src/action-process.ts) as its load process with V8 limits and
// supervises it (src/action/load-process.ts): the action's code is never loaded here.
await superviseAction(join(dirname(process.argv[1] ?? '.'), 'action', 'index.js'));
