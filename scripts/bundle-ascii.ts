/**
 * `npm run bundle`'s step after ncc: every character of the bundles beyond ASCII written as a \u
 * escape. V8 holds a script's source as one string, stored two bytes per character as soon as one
 * character is beyond Latin-1 (a "…" or a "✅" in a message is enough): the action's 2.3 MB bundle
 * took 4.7 MB of the load worker's heap, the 0.5 MB supervisor 1 MB of the first thread's.
 *
 * An escape means the same character in string, template and regex literals, comments and
 * identifiers. Two places where it would not are refused, failing the bundle: a raw template
 * (String.raw keeps the escape's text) holding such a character, and such a character right after
 * a backslash (an identity escape, which would become an escaped backslash).
 *
 *   tsx scripts/bundle-ascii.ts dist/index.js dist/action/index.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BEYOND_ASCII = /[\u0080-\uffff]/g;

/**
 * Whether the raw template whose backtick is at `open` holds a character beyond ASCII in its text
 * (its `${}` expressions are code, where an escape is fine); true when it is unterminated.
 */
function rawTemplateBeyondAscii(code: string, open: number): boolean {
  let depth = 0;
  for (let i = open + 1; i < code.length; i++) {
    const c = code[i]!;
    if (depth === 0 && c.charCodeAt(0) > 0x7f) return true;
    if (c === '\\') i++;
    else if (depth === 0 && c === '`') return false;
    else if (c === '$' && code[i + 1] === '{') {
      depth++;
      i++;
    } else if (depth > 0 && c === '}') depth--;
  }
  return true;
}

/** Throws when escaping would change what the code means (see the file's comment). */
function refuseUnsafe(code: string, name: string): void {
  for (let at = code.indexOf('String.raw`'); at >= 0; at = code.indexOf('String.raw`', at + 1)) {
    if (rawTemplateBeyondAscii(code, at + 'String.raw'.length)) {
      throw new Error(
        `${name}: a String.raw template at offset ${at} holds a character beyond ASCII (or is unterminated)`,
      );
    }
  }
  for (const m of code.matchAll(BEYOND_ASCII)) {
    let slashes = 0;
    for (let i = m.index - 1; i >= 0 && code[i] === '\\'; i--) slashes++;
    if (slashes % 2 === 1) throw new Error(`${name}: an escaped character beyond ASCII at offset ${m.index}`);
  }
}

/** `code` with every UTF-16 unit beyond ASCII written as \uXXXX (a pair for astral characters). */
export function asciiOnly(code: string, name = 'the bundle'): string {
  refuseUnsafe(code, name);
  return code.replace(BEYOND_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of process.argv.slice(2)) {
    writeFileSync(file, asciiOnly(readFileSync(file, 'utf8'), file));
  }
}
