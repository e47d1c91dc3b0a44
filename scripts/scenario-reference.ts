// Generates docs/scenario-reference.md, the table of every scenario-file key, from the zod schema
// (src/scenario/schema.ts: names, types, defaults, required), one sentence per key
// (src/scenario/schema-docs.ts) and one example per key (src/scenario/schema-examples.ts). Fails when a key has no sentence or a sentence names no key.
//   node --import tsx scripts/scenario-reference.ts          rewrite the file
//   node --import tsx scripts/scenario-reference.ts --check  fail when it is not current
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { scenarioSchema } from '../src/scenario/schema.js';
import { SCENARIO_KEY_DOCS } from '../src/scenario/schema-docs.js';
import { SCENARIO_KEY_EXAMPLES } from '../src/scenario/schema-examples.js';

type Json = { [k: string]: unknown };
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'docs', 'scenario-reference.md');
const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Json;
const defs = (schema.$defs ?? {}) as Record<string, Json>;

const MATCHER = 'matcher (see [Matchers](#matchers))';
const SOURCE =
  'source `{ from: json, path }`, `{ from: header, name }`, `{ from: cookie, name }` or `{ from: regex, pattern, group }`';

/** A `$ref` resolved (zod writes recursive schemas, the matcher and JSON values, as $defs). */
function deref(s: Json): Json {
  const ref = s.$ref;
  if (typeof ref !== 'string') return s;
  const { $ref: _, ...rest } = s;
  return { ...defs[ref.replace('#/$defs/', '')], ...rest };
}

function isMatcher(s: Json): boolean {
  const props = deref(s).properties as Json | undefined;
  return props !== undefined && 'status' in props && 'any' in props;
}

function typeOf(raw: Json): string {
  const s = deref(raw);
  if (isMatcher(s)) return MATCHER;
  if (
    Array.isArray(s.anyOf) &&
    (s.anyOf as Json[]).some((o) => deref(o).type === 'array') &&
    (s.anyOf as Json[]).some((o) => deref(o).type === 'null')
  )
    return 'any JSON value';
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) {
    const options = (s.oneOf ?? s.anyOf) as Json[];
    if (options.every((o) => (o.properties as Json | undefined)?.from)) return SOURCE;
    return options.map(typeOf).join(' or ');
  }
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => `\`${v}\``).join(', ');
  if (s.type === 'object') {
    const props = s.properties as Json | undefined;
    if (!props && s.additionalProperties) {
      const value = s.additionalProperties as Json;
      return `map of name to ${value.oneOf ? SOURCE : typeOf(value)}`;
    }
    return 'object';
  }
  if (s.type === 'array') return `list of ${typeOf((s.items ?? {}) as Json)}`;
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return (s.type as string[]).join(' or ');
  return 'any JSON value';
}

const used = new Set<string>();
const usedExamples = new Set<string>();
/** The entry of `table` for a path: the path itself, else `*.last` (serves every section). */
function lookup(
  table: Record<string, string>,
  path: string,
  seen: Set<string>,
  file: string,
  what: string,
): string {
  const last = path.split('.').at(-1)!.replace('[]', '');
  const key = path in table ? path : `*.${last}`;
  const text = table[key];
  if (text === undefined) throw new Error(`${file} has no ${what} for "${path}"`);
  seen.add(key);
  return text;
}
const describe = (path: string) =>
  lookup(SCENARIO_KEY_DOCS, path, used, 'src/scenario/schema-docs.ts', 'sentence');
const example = (path: string) =>
  lookup(SCENARIO_KEY_EXAMPLES, path, usedExamples, 'src/scenario/schema-examples.ts', 'example');
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
const code = (text: string) => `\`${cell(text)}\``;

function walk(s: Json, prefix: string, rows: string[]): void {
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required ?? []) as string[]);
  for (const [name, raw] of Object.entries(props)) {
    const prop = deref(raw);
    const path = prefix ? `${prefix}.${name}` : name;
    const def = prop.default === undefined ? '' : `\`${JSON.stringify(prop.default)}\``;
    const need = required.has(name) && prop.default === undefined ? '**required**' : def;
    rows.push(
      `| \`${path}\` | ${cell(typeOf(prop))} | ${need} | ${cell(describe(path))} | ${code(example(path))} |`,
    );
    if (isMatcher(prop)) continue;
    if (prop.type === 'object' && prop.properties) walk(prop, path, rows);
    const items = prop.type === 'array' ? deref((prop.items ?? {}) as Json) : undefined;
    if (items?.type === 'object' && items.properties && !isMatcher(items)) walk(items, `${path}[]`, rows);
  }
}
const rows: string[] = [];
walk(schema, '', rows);
const matcherDef = Object.values(defs).find((d) => isMatcher(d));
if (!matcherDef) throw new Error('the schema has no matcher');
const matcherRows: string[] = [];
walk(matcherDef, 'matcher', matcherRows);
for (const [table, seen, file] of [
  [SCENARIO_KEY_DOCS, used, 'src/scenario/schema-docs.ts'],
  [SCENARIO_KEY_EXAMPLES, usedExamples, 'src/scenario/schema-examples.ts'],
] as const) {
  const unused = Object.keys(table).filter((k) => !seen.has(k));
  if (unused.length > 0) throw new Error(`${file} names no key of the schema: ${unused.join(', ')}`);
}

const text = `# Scenario file reference

<!-- Generated by scripts/scenario-reference.ts from src/scenario/schema.ts,
     src/scenario/schema-docs.ts and src/scenario/schema-examples.ts: edit those, then run npm run docs. -->

Every key of a scenario file (\`--scenario shop.yaml\`, YAML or JSON), each with an example.
Unknown keys are errors. The flow is a list of named steps in this order: \`login\`, \`products\`,
\`addToCart\` (once per product, 1-2 per order), every \`checkout\` step, \`order\`; \`emptyCart\`
after a refused order. Each step has its own line in every report (its \`name\`). The flow may
also be written as a list in that order, each entry one of these keys with its section:
\`steps: [{ login: { path: /login, ... } }, { products: { ... } }, { addToCart: { ... } },
{ checkout: { name: address, ... } }, { order: { ... } }]\` (errors then name the entry, e.g.
\`steps.3.checkout.path\`); every key below is the same in both forms.

Templates: \`{{name}}\` placeholders in paths, headers and bodies; variables \`username\`,
\`password\`, \`userIndex\`, \`token\`, \`productId\`, \`quantity\` (addToCart), \`orderId\`
(readOrder), \`adminToken\` (inventory, reset) and anything captured by an earlier step. JSON paths
are dotted (\`results\`, \`order.number\`, \`items.0.id\`, \`items[0].id\`); \`"$"\` is the whole
body; \`[*]\` takes every element (\`items[*].variants[*]\`). Examples:
[examples/rest-checkout/](../examples/rest-checkout/),
[examples/graphql-checkout/](../examples/graphql-checkout/),
[examples/django/scenario.yaml](../examples/django/scenario.yaml),
[src/scenario/examples/](../src/scenario/examples/).

| key | type | default | meaning | example |
|---|---|---|---|---|
${rows.join('\n')}

## Matchers

\`success\`, \`outOfStock\`, \`serverError\` and \`unauthorized\` are matchers. A matcher holds when
every part it gives holds: one of its statuses, every body condition, every matcher in \`all\` and
at least one in \`any\`. A condition reads the value at \`path\` in the JSON body, the \`header\`
named, or (with neither) the body text; every operator it gives must hold, and with a \`[*]\` path
one of the values must pass. A body that is not JSON fails every JSON condition.

| key | type | default | meaning | example |
|---|---|---|---|---|
${matcherRows.join('\n')}
`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {}
  if (current !== text) {
    process.stderr.write('docs/scenario-reference.md is stale: run npm run docs\n');
    process.exit(1);
  }
  process.stdout.write('docs/scenario-reference.md is current\n');
} else {
  writeFileSync(out, text);
  process.stdout.write('docs/scenario-reference.md written\n');
}
