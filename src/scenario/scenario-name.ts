import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

const names = new Map<string, string | undefined>();

/**
 * The `name:` of a scenario file (it names the file's baseline series), read once per file;
 * undefined when it has none or cannot be read (the run itself reports a bad file).
 */
export function scenarioNameOf(file: string): string | undefined {
  if (!names.has(file)) {
    let name: string | undefined;
    try {
      const doc = parseYaml(readFileSync(file, 'utf8')) as { name?: unknown } | null;
      if (typeof doc?.name === 'string' && doc.name.trim() !== '') name = doc.name.trim();
    } catch {
      // unreadable or invalid: the key falls back to the file's name
    }
    names.set(file, name);
  }
  return names.get(file);
}
