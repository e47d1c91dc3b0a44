/**
 * The generator of order-load-gate's bundled engine: what `npm run bench` compiles with ncc as
 * `npm run bundle` compiles the action (builds.ts), holding the engine and the flow and nothing of
 * the peers (autocannon, undici's floors), whose modules would otherwise load with it: ncc turns an
 * external's dynamic import into a static one at the top of the bundle.
 */
import { runGenerator } from './generator-core.js';
import { runOlg } from './olg-run.js';

await runGenerator((args) => {
  if (args.mode !== 'olg') throw new Error(`this build runs order-load-gate only, not ${args.mode}`);
  return runOlg(args);
});
