import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/core/errors.js';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import { loadScenario, loadScenarioFile } from '../../src/scenario/load.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const example = (name: string) => new URL(`../../src/scenario/examples/${name}`, import.meta.url).pathname;

async function errorOf(file: string): Promise<ScenarioError> {
  try {
    await loadScenarioFile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return err as ScenarioError;
  }
  throw new Error(`${file} loaded without error`);
}

describe('loading scenario files', () => {
  it('loads the examples and fills defaults', async () => {
    const django = await loadScenarioFile(example('django-rest-token.yaml'));
    expect(django.basePath).toBe('/api/v2');
    expect(django.login.bodyType).toBe('form');
    expect(django.login.session).toEqual({ from: 'json', path: 'auth_token' });
    expect(django.products.method).toBe('GET');
    expect(django.order.orderId).toBe('order.number');
    expect(django.inventory?.fields).toEqual({ id: 'pk', stock: 'quantity' });
    const graphql = await loadScenarioFile(example('graphql.yaml'));
    expect(graphql.order.outOfStock?.body?.[0]).toEqual({
      path: 'errors.0.extensions.code',
      equals: 'OUT_OF_STOCK',
    });
    expect(graphql.unauthorized.body).toHaveLength(1);
  });

  it('reads JSON files, and the reference contract in JSON matches the default scenario', async () => {
    const fromJson = await loadScenarioFile(fixture('reference.json'));
    const builtIn = defaultScenario();
    for (const key of ['login', 'addToCart'] as const) {
      expect(fromJson[key].path).toBe(builtIn[key].path);
      expect(fromJson[key].body).toEqual(builtIn[key].body);
    }
    expect(fromJson.auth).toEqual(builtIn.auth);
    expect(fromJson.order.outOfStock).toEqual(builtIn.order.outOfStock);
    expect(await loadScenario(undefined)).toEqual(builtIn);
  });

  const cases: [string, string, RegExp][] = [
    ['session-from.yaml', 'login.session.from', /one of "json", "header", "cookie", "regex", found "body"/],
    ['missing-order-id.yaml', 'order.orderId', /JSON path.*required/],
    ['unknown-field.yaml', 'products.lsit', /unknown field/],
    ['unknown-variable.yaml', 'headers.X-CSRFToken', /known variable.*found \{\{csfr\}\}/],
    ['graphql-no-body.yaml', 'login.body', /GraphQL request body/],
    ['form-nested.yaml', 'login.body.credentials', /flat/],
    ['bad-json-path.yaml', 'products.list', /dotted path.*found "data..items"/],
    ['token-without-session.yaml', 'login.session', /where the session token is/],
    ['get-with-body.yaml', 'products.body', /no body on a GET request/],
    ['bad-status.yaml', 'unauthorized.status.0', /status code .* or a class such as "2xx"/],
    ['bad-condition.yaml', 'order.outOfStock.body.0', /at least one of exists, equals, oneOf/],
    [
      'equals-list.yaml',
      'order.outOfStock.body.0.equals',
      /one value .*oneOf: \[a, b\], found \["OUT_OF_STOCK"/,
    ],
    ['bad-regex.yaml', 'order.success.body.0.regex', /a valid regular expression/],
    ['bad-stock.yaml', 'products.fields.stock', /expression such as "stockOnHand - stockAllocated".*at "-"/],
    ['steps-order.yaml', 'steps.3', /flow order: .*\(addToCart cannot come after order\)/],
    ['steps-field.yaml', 'steps.4.checkout.path', /a path starting with "\/"/],
    ['steps-kind.yaml', 'steps.3', /one of login, products, addToCart, checkout, order, emptyCart/],
    [
      'steps-capture.yaml',
      'steps.3.checkout',
      /\{\{ref\}\} only in steps after "ref", the step that captures it/,
    ],
    ['words-without-stock.yaml', 'products.fields.stock', /the path of the stock the stockWords map/],
    ['checkout-no-name.yaml', 'checkout.1.name', /a text \(the field is required\)/],
    ['duplicate-step.yaml', 'checkout.1.name', /a name no other step has \(an earlier step is "address"\)/],
    [
      'capture-too-late.yaml',
      'checkout.0',
      /\{\{methodId\}\} only in steps after "methods", the step that captures it/,
    ],
    ['cart-without-product.yaml', 'addToCart.body', /\{\{productId\}\}/],
    ['not-a-mapping.json', '(root)', /a mapping with login/],
    ['wrong-method.json', 'login.method', /one of GET, POST.*found "SEND"/],
  ];

  it.each(cases)('%s: names the file, %s and what was expected', async (name, path, expected) => {
    const file = fixture(`bad/${name}`);
    const err = await errorOf(file);
    expect(err.code).toBe('OLG_ERR_SCENARIO');
    expect(err.message.startsWith(`${file}: at ${path}: `)).toBe(true);
    expect(err.message).toMatch(expected);
  });

  it('names the accounts file, its line and what was expected; never a password', async () => {
    const err = await errorOf(fixture('bad/bad-accounts.yaml'));
    expect(err.code).toBe('OLG_ERR_SCENARIO');
    expect(err.message).toBe(
      `${fixture('bad/bad-accounts.csv')}: at accounts.file line 3: expected two fields: username,password (quote a value that has a comma)`,
    );
    expect(err.message).not.toMatch(/secret1/);
  });

  it('reports YAML syntax errors with their line', async () => {
    const err = await errorOf(fixture('bad/invalid-yaml.txt'));
    expect(err.message).toMatch(
      /invalid-yaml\.txt: at \(root\): expected valid YAML or JSON \(line \d+, column \d+\)/,
    );
  });

  it('reports a missing file and duplicate keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olg-scenario-'));
    const missing = join(dir, 'missing.yaml');
    expect((await errorOf(missing)).message).toMatch(
      /missing\.yaml: at \(root\): expected a readable scenario file \(ENOENT\)/,
    );
    const dup = join(dir, 'dup.yaml');
    await writeFile(dup, 'login: {path: /a}\nlogin: {path: /b}\n');
    expect((await errorOf(dup)).message).toMatch(/valid YAML/);
  });
});
