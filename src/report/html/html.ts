/** Small helpers for writing HTML as strings: escaping text, attributes and embedded JSON. */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or an attribute value made safe inside HTML. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A value as JSON that can sit inside a `<script type="application/json">` element: `<` is
 * written as \u003c so no `</script>` or `<!--` can appear in it; JSON.parse reads it back as is.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** JavaScript source made safe to inline in a `<script>` element. */
export function scriptForInline(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** An HTML table: a header row and body rows of already-escaped cell HTML. */
export function htmlTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { numeric?: readonly boolean[]; className?: string } = {},
): string {
  const cls = (i: number) => (options.numeric?.[i] ? ' class="num"' : '');
  const head = header.map((h, i) => `<th${cls(i)} scope="col">${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('\n');
  const tableClass = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  return `<div class="table-wrap"><table${tableClass}>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}
