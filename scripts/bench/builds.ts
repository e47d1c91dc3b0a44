/**
 * The builds of the generator that `npm run bench` runs, into .tmp/bench:
 *
 * - bundle (the default): the engine's generator (engine-generator.ts) compiled by ncc, as
 *   `npm run bundle` compiles the action: one webpack module table, the engine's modules in the same
 *   file, run under Node 24 as GitHub runs the action. The peers (autocannon, the floors) run from
 *   the esbuild build below, on the same Node.
 * - lib: the generator bundled by esbuild with every import of src/** left external and pointed at
 *   lib/**: the engine as tsc compiled it (`npm run build`), exactly as the CLI runs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { LOAD_V8_FLAGS } from '../../src/engine/gc-flags.js';
import { asciiOnly } from '../bundle-ascii.js';

export interface BenchBuilds {
  root: string;
  workDir: string;
  here: string;
}

/** esbuild: the generator (and the node target server) with the engine taken from `lib`. */
export async function buildLibGenerator(
  { root, workDir, here }: BenchBuilds,
  lib: string,
  suffix = '',
): Promise<{ generator: string; server: string }> {
  if (!existsSync(join(lib, 'engine', 'runner.js'))) {
    throw new Error(`${lib} holds no build of the engine: run \`npm run build\` first`);
  }
  const productFromLib: Plugin = {
    name: 'product-from-lib',
    setup(b) {
      b.onResolve({ filter: /\/src\// }, (args) => {
        const source = resolve(args.resolveDir, args.path);
        const inLib = join(lib, relative(join(root, 'src'), source));
        return { path: relative(workDir, inLib).split(sep).join('/'), external: true };
      });
    },
  };
  await build({
    entryPoints: { [`generator${suffix}`]: join(here, 'generator.ts'), server: join(here, 'server.ts') },
    outdir: workDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // (the generator imports each mode's modules on demand: chunks keep them apart)
    splitting: true,
    target: 'node20',
    packages: 'external',
    plugins: [productFromLib],
    sourcemap: true,
    logLevel: 'warning',
  });
  return { generator: join(workDir, `generator${suffix}.mjs`), server: join(workDir, 'server.mjs') };
}

/**
 * ncc: the engine's generator with the engine from src/, built as dist/ is (same compiler, same
 * tsconfig, one file). Nothing of the peers is in it.
 */
export function buildNccGenerator({ root, workDir, here }: BenchBuilds): {
  script: string;
  inWorker: string;
} {
  const out = join(workDir, 'ncc');
  rmSync(out, { recursive: true, force: true });
  const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  // Minified when `npm run bundle` minifies (a smaller source held in memory, parsed faster).
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { bundle: string } };
  const minify = /\s(--minify|-m)\b/.test(pkg.scripts.bundle) ? ['--minify'] : [];
  execFileSync(
    process.execPath,
    [ncc, 'build', join(here, 'engine-generator.ts'), '-o', out, ...minify, '--quiet'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // As `npm run bundle` leaves dist/: nothing beyond ASCII (a source V8 stores one byte per character).
  const script = join(out, 'index.js');
  writeFileSync(script, asciiOnly(readFileSync(script, 'utf8'), script));
  // As dist/index.js runs the action: in a worker thread with the limits (src/action/load-worker.ts).
  const inWorker = join(out, 'in-worker.mjs');
  writeFileSync(inWorker, IN_WORKER);
  return { script, inWorker };
}

/**
 * BENCH_RESOURCE_LIMITS: worker_threads' resourceLimits as JSON. The load's V8 flags are set first, as
 * runLoadWorker() sets them. The result comes back as a message.
 */
const IN_WORKER = `import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
for (const flag of ${JSON.stringify(LOAD_V8_FLAGS)}) setFlagsFromString(flag);
const worker = new Worker(new URL('./index.js', import.meta.url), {
  argv: process.argv.slice(2),
  resourceLimits: JSON.parse(process.env.BENCH_RESOURCE_LIMITS ?? '{}'),
});
worker.on('message', (line) => process.stdout.write(line + '\\n'));
worker.on('error', (err) => {
  process.stderr.write(String(err.stack) + '\\n');
  process.exitCode = 1;
});
`;
