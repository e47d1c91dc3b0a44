/**
 * The release workflow's checks, runnable here:
 *   node --import tsx scripts/release/main.ts check-tag v1.2.0   # key=value lines for $GITHUB_OUTPUT
 *   node --import tsx scripts/release/main.ts notes v1.2.0       # the release notes (markdown)
 * Reads package.json and CHANGELOG.md from --root (default: the current directory).
 * Exit 0 on success; 1 with "error [CODE]: message" on stderr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { releaseNotes } from './changelog.js';
import { ReleaseError } from './errors.js';
import { planOutputs, planRelease } from './tag.js';

const USAGE = 'usage: main.ts check-tag <tag> | notes <version-or-tag> [--root DIR]';

function run(argv: string[]): string {
  const { positionals, values } = parseArgs({
    args: argv,
    options: { root: { type: 'string', default: process.cwd() } },
    allowPositionals: true,
  });
  const [command, ref, ...rest] = positionals;
  if (!command || !ref || rest.length > 0) throw new ReleaseError('OLG_ERR_RELEASE_USAGE', USAGE);
  const changelog = readFileSync(join(values.root, 'CHANGELOG.md'), 'utf8');
  if (command === 'notes') return releaseNotes(changelog, ref);
  if (command === 'check-tag') {
    const pkg = JSON.parse(readFileSync(join(values.root, 'package.json'), 'utf8')) as { version: string };
    return `${planOutputs(planRelease(ref, pkg.version, changelog))}\n`;
  }
  throw new ReleaseError('OLG_ERR_RELEASE_USAGE', `unknown command ${JSON.stringify(command)}; ${USAGE}`);
}

try {
  process.stdout.write(run(process.argv.slice(2)));
} catch (error) {
  const code = error instanceof ReleaseError ? error.code : 'OLG_ERR_RELEASE_USAGE';
  process.stderr.write(`error [${code}]: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
