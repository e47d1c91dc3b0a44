/**
 * The Chromium the browser tests drive through playwright-core, chosen once per run by the
 * global setup:
 * 1. CHROMIUM_PATH when it is set (it must exist);
 * 2. else the machine's Chromium or Chrome (Debian's /usr/bin/chromium, ...; on macOS the
 *    applications in /Applications);
 * 3. else, on Linux x64, the npm package @sparticuz/chromium: a headless Chromium shipped
 *    compressed inside the package, unpacked once into node_modules/.cache/ (with the NSS
 *    libraries it needs, used only when the machine lacks them);
 * 4. else (macOS, Linux arm64: that package ships x64 Linux only) Playwright's own Chromium
 *    build, installed on first use by playwright-core's installer into its cache.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ChromiumChoice {
  executablePath: string;
  /** Extra directory for the dynamic linker (LD_LIBRARY_PATH), when the machine lacks a library. */
  libraryPath?: string;
  /** A fontconfig file (FONTCONFIG_FILE), when the machine has none. */
  fontconfigFile?: string;
  /** One line for the test output: which Chromium ran. */
  description: string;
}

const MACHINE_CHROMIUMS: Readonly<Record<string, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ],
};

const ROOT = new URL('../../', import.meta.url).pathname;
const require = createRequire(import.meta.url);

function missingLibraries(executable: string): string[] {
  try {
    const out = execFileSync('ldd', [executable], { encoding: 'utf8', timeout: 30_000 });
    return out
      .split('\n')
      .filter((l) => l.includes('not found'))
      .map((l) => l.trim().split(/\s+/)[0]!);
  } catch {
    return [];
  }
}

/** An installed package's version (its package.json is not among its exports). */
function packageVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(name)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json found for ${name}`);
    dir = up;
  }
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Unpacks @sparticuz/chromium with the package's own executablePath() (which unpacks into
 * os.tmpdir(), and the Amazon Linux libraries only when it believes it runs there), into a
 * staging directory renamed into place, so that concurrent runs never see half a binary.
 */
async function sparticuzChromium(): Promise<ChromiumChoice> {
  const version = packageVersion('@sparticuz/chromium');
  const cacheRoot = join(ROOT, 'node_modules', '.cache', 'order-load-gate');
  const dir = join(cacheRoot, `sparticuz-chromium-${version}`);
  if (!existsSync(join(dir, 'chromium'))) {
    mkdirSync(cacheRoot, { recursive: true });
    const staging = mkdtempSync(join(cacheRoot, 'staging-'));
    const saved = { TMPDIR: process.env.TMPDIR, AWS_EXECUTION_ENV: process.env.AWS_EXECUTION_ENV };
    try {
      process.env.TMPDIR = staging;
      process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs20.x';
      const { default: chromium } = await import('@sparticuz/chromium');
      await chromium.executablePath();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another run got there first
    }
  }
  const executablePath = join(dir, 'chromium');
  const missing = missingLibraries(executablePath);
  const libraryPath = missing.length > 0 ? join(dir, 'al2023', 'lib') : undefined;
  const libs = libraryPath ? `, with the package's ${missing.join(' ')}` : '';
  // The package's own fonts.conf names Lambda's directories; a machine without fontconfig's
  // configuration gets one naming the unpacked fonts.
  let fontconfigFile: string | undefined;
  if (!existsSync('/etc/fonts/fonts.conf')) {
    fontconfigFile = join(dir, 'fonts-here.conf');
    writeFileSync(
      fontconfigFile,
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(dir, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
  }
  return {
    executablePath,
    libraryPath,
    fontconfigFile,
    description: `@sparticuz/chromium ${version} (npm, unpacked in ${dir}${libs}${fontconfigFile ? ', its fonts' : ''})`,
  };
}

function playwrightChromium(): ChromiumChoice {
  const cli = join(ROOT, 'node_modules', 'playwright-core', 'cli.js');
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  if (!existsSync(chromium.executablePath())) {
    execFileSync(process.execPath, [cli, 'install', 'chromium'], { stdio: 'inherit', timeout: 600_000 });
  }
  return {
    executablePath: chromium.executablePath(),
    description: `Playwright's Chromium build (${chromium.executablePath()})`,
  };
}

export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) {
      throw new Error(
        `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist; unset it to use the machine's or the npm Chromium`,
      );
    }
    return { executablePath: env.CHROMIUM_PATH, description: `CHROMIUM_PATH (${env.CHROMIUM_PATH})` };
  }
  const machine = (MACHINE_CHROMIUMS[process.platform] ?? []).find((p) => existsSync(p));
  if (machine) return { executablePath: machine, description: `the machine's (${machine})` };
  if (process.platform === 'linux' && process.arch === 'x64') return sparticuzChromium();
  return playwrightChromium();
}
