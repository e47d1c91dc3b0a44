/**
 * Text that came from the target (error bodies, order ids, messages) is scrubbed before it reaches
 * any output (terminal, logs, results.json, summary, comment, report.html):
 * - the secret values (the accounts' password, the admin token, the GitHub token) become `***`,
 *   also when the target echoes them back (runner masking covers only the runner's log);
 * - terminal control characters (ESC and the other C0/C1 controls but tab and newline) and the
 *   bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C)
 *   become a visible `?`, so a target cannot repaint a terminal or reverse a line of a comment.
 * The secrets are registered once per process where they are read (settings, the action's inputs),
 * like @actions/core's setSecret.
 */
const secrets = new Set<string>();

/** Secrets shorter than this are not scrubbed (they would blank ordinary words). */
export const MIN_SECRET_LENGTH = 4;
export const SCRUBBED = '***';

export function registerSecret(value: string | undefined): void {
  const v = value?.trim();
  if (v && v.length >= MIN_SECRET_LENGTH) {
    secrets.add(v);
    // As they travel in a URL or a form body.
    const encoded = encodeURIComponent(v);
    if (encoded !== v) secrets.add(encoded);
  }
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** The text without secrets and without control or bidi characters (tab and newline kept). */
export function scrub(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(SCRUBBED);
  return out.replace(CONTROLS, '?');
}

/** A JSON.stringify replacer that scrubs every string value. */
export function scrubReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? scrub(value) : value;
}

/** Scrubs every string inside a plain JSON-like value, in place; returns it. */
export function scrubDeep<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'string') value[i] = scrub(v);
      else if (v !== null && typeof v === 'object') scrubDeep(v);
    }
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (typeof v === 'string') obj[key] = scrub(v);
      else if (v !== null && typeof v === 'object') scrubDeep(v);
    }
  }
  return value;
}

/** Wraps a logger-like object so that every message is scrubbed. */
export function scrubbingLogger<
  L extends { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void },
>(logger: L): L {
  return {
    ...logger,
    debug: (m: string) => logger.debug(scrub(m)),
    info: (m: string) => logger.info(scrub(m)),
    warn: (m: string) => logger.warn(scrub(m)),
    error: (m: string) => logger.error(scrub(m)),
  };
}
