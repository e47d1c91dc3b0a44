/**
 * Untrusted text (response bodies, error details, warnings, names) made safe to quote in
 * GitHub markdown: one line, cut short, and with every character that markdown or HTML could
 * read as markup written as an entity. Entities are decoded as literal text both in markdown
 * and inside HTML blocks, so the result is safe in table cells, list items and <summary>.
 * @mentions and #references are broken with a zero-width space so no one gets pinged.
 */

/** The default length of a quoted snippet, in characters. */
export const SNIPPET_MAX_CHARS = 160;
const ELLIPSIS = '…';
const ZWSP = '&#8203;';
const WORD = /^[\p{L}\p{N}]$/u;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '&#124;',
  '`': '&#96;',
  '\\': '&#92;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '~': '&#126;',
  $: '&#36;',
  '#': '&#35;',
  '!': '&#33;',
};

/** Control characters, newlines and other line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Whitespace and control characters collapsed to single spaces, trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** At most `max` characters (code points), the last one an ellipsis when cut. */
export function truncate(text: string, max: number = SNIPPET_MAX_CHARS): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}${ELLIPSIS}`;
}

/**
 * Untrusted text as one safe line of markdown/HTML: whitespace collapsed, cut to `max`
 * characters (with an ellipsis), markup characters as entities, mentions neutralised.
 */
export function escapeInline(text: string, max: number = SNIPPET_MAX_CHARS): string {
  const line = truncate(collapseWhitespace(text), max);
  let out = '';
  const chars = Array.from(line);
  chars.forEach((c, i) => {
    const next = chars[i + 1] ?? '';
    if (c === '_' && WORD.test(chars[i - 1] ?? '') && WORD.test(next)) {
      // Inside a word (http_5xx) an underscore can neither open nor close emphasis.
      out += c;
    } else if (c === '@' || (c === '#' && WORD.test(next))) {
      // "@octocat" and "#123" would become a mention or a cross-reference.
      out += `${c === '@' ? '@' : '&#35;'}${ZWSP}`;
    } else if (i === 0 && /[-+=]/.test(c)) {
      // A leading list marker or setext underline.
      out += `&#${c.charCodeAt(0)};`;
    } else {
      out += ENTITIES[c] ?? c;
    }
  });
  return out;
}

/**
 * A fenced code block for `content` (which may hold anything, backticks included): the fence
 * is longer than the longest run of backticks in the content, so the content cannot close it.
 */
export function fencedBlock(content: string, info = ''): string {
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}
