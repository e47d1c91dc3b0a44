/**
 * The bundle's stamp: dist/inputs.sha256 holds the SHA-256 of what `npm run bundle` built it
 * from (every file under src/, package-lock.json, tsconfig.json). `npm run bundle` writes it;
 * the tests that run dist/index.js check it first and refuse a stale bundle, naming the fix.
 *   tsx scripts/dist-stamp.ts write     tsx scripts/dist-stamp.ts check
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAMP = join(ROOT, 'dist', 'inputs.sha256');
const INPUT_FILES = ['package-lock.json', 'tsconfig.json'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

/** The hash of the bundle's inputs as they are now (paths with '/', sorted, then contents). */
export function inputsHash(root: string = ROOT): string {
  const files = [...filesUnder(join(root, 'src')), ...INPUT_FILES.map((f) => join(root, f))]
    .map((f) => relative(root, f).split(sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Why dist/ cannot be trusted for the current sources, or undefined when it is up to date. */
export function staleDistReason(root: string = ROOT): string | undefined {
  const stamp = join(root, 'dist', 'inputs.sha256');
  const fix = "run 'npm run bundle' (it rebuilds dist/index.js and its stamp), then the tests again";
  if (!existsSync(join(root, 'dist', 'index.js'))) return `dist/index.js is missing: ${fix}`;
  if (!existsSync(stamp))
    return `dist/ has no stamp (dist/inputs.sha256), so its sources are unknown: ${fix}`;
  const built = readFileSync(stamp, 'utf8').trim();
  if (built !== inputsHash(root)) {
    return `dist/ is stale: it was built from other sources than src/, package-lock.json and tsconfig.json now: ${fix}`;
  }
  return undefined;
}

const command = process.argv[2];
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (command === 'write') {
    writeFileSync(STAMP, `${inputsHash()}\n`);
  } else if (command === 'check') {
    const reason = staleDistReason();
    if (reason) {
      process.stderr.write(`${reason}\n`);
      process.exit(1);
    }
    process.stdout.write('dist/ matches the sources\n');
  } else {
    process.stderr.write('usage: tsx scripts/dist-stamp.ts write|check\n');
    process.exit(2);
  }
}
