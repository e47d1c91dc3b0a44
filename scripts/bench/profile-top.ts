/**
 * The top self-time functions of a V8 .cpuprofile (node --cpu-prof), e.g. the generator's profile
 * written by `npm run bench -- --profile` into .tmp/bench/prof:
 *
 *   npx tsx scripts/bench/profile-top.ts [file.cpuprofile | directory (newest)] [top=30]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function newest(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!files[0]) throw new Error(`no .cpuprofile in ${dir}`);
  return files[0];
}

const arg = process.argv[2] ?? '.tmp/bench/prof';
const file = statSync(arg).isDirectory() ? newest(arg) : arg;
const top = Number(process.argv[3] ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const byFunction = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const frame = byId.get(id)!.callFrame;
  total += us;
  if (frame.functionName === '(idle)') idle += us;
  const where = frame.url ? `${basename(frame.url)}:${frame.lineNumber + 1}` : '';
  const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}

const out = (s: string) => process.stdout.write(`${s}\n`);
out(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${((idle / total) * 100).toFixed(1)}% idle`);
const busy = total - idle;
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  out(
    `${((us / busy) * 100).toFixed(1).padStart(5)}% of busy  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`,
  );
}
