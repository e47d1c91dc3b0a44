import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asciiOnly } from '../../scripts/bundle-ascii.js';

/** Evaluates a script in a fresh context and returns its value. */
const run = (code: string): unknown => runInNewContext(code);

describe('asciiOnly (the bundle step that keeps V8 from storing the source two bytes per character)', () => {
  it('leaves nothing beyond ASCII, and strings, templates, regexes and identifiers mean the same', () => {
    const code = [
      'const ok = "✅ done … 🚀";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the code under test holds a template
      'const t = `${ok} — ∞`;',
      'const re = /[—–]x/u;',
      'const café = 1; // a comment: ℹ️',
      'JSON.stringify([ok, t, re.test("–x"), re.test("-x"), café, "Wärtin".length]);',
    ].join('\n');
    const out = asciiOnly(code);
    expect(/[\u0080-\uffff]/.test(out)).toBe(false);
    expect(out).toContain('\\u2705');
    expect(out).toContain('\\ud83d\\ude80');
    expect(run(out)).toBe(run(code));
    expect(JSON.parse(run(out) as string)).toEqual(['✅ done … 🚀', '✅ done … 🚀 — ∞', true, false, 1, 6]);
  });

  it('passes an ASCII-only String.raw template through and changes nothing in it', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the code under test holds a template
    const code = 'const s = String.raw`a\\n${"—"}b`; s + "—";';
    expect(run(asciiOnly(code))).toBe(run(code));
  });

  it('refuses a String.raw template holding a character beyond ASCII (the escape would stay as text)', () => {
    expect(() => asciiOnly('const s = String.raw`x — y`;', 'dist/x.js')).toThrow(
      /dist\/x\.js: a String\.raw template at offset 10 holds a character beyond ASCII/,
    );
  });

  it('refuses a character beyond ASCII after a backslash (an identity escape)', () => {
    expect(() => asciiOnly('const s = "a\\—";')).toThrow(/an escaped character beyond ASCII at offset 13/);
    // an escaped backslash before it is fine
    expect(run(asciiOnly('"a\\\\—"'))).toBe('a\\—');
  });
});
