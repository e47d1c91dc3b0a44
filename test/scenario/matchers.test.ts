import { describe, expect, it } from 'vitest';
import { compileMatcher, type MatchedResponse } from '../../src/scenario/matcher.js';
import { matcherSchema } from '../../src/scenario/matcher-schema.js';

function response(body: unknown, headers: Record<string, string> = {}): MatchedResponse {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  return { bodyText, headers, json: () => JSON.parse(bodyText) as unknown };
}

/** Parses the matcher as the scenario loader does, then compiles it. */
const matcher = (spec: unknown) => compileMatcher(matcherSchema.parse(spec));

describe('matchers', () => {
  const refused = response({
    errors: [{ extensions: { code: 'A' } }, { extensions: { code: 'INSUFFICIENT' } }],
    total: '12.5',
  });

  it('equals, oneOf, contains, regex and exists on JSON paths, any value of a [*] path', () => {
    expect(matcher({ body: [{ path: 'errors.0.extensions.code', equals: 'A' }] })(200, refused)).toBe(true);
    expect(
      matcher({ body: [{ path: 'errors[*].extensions.code', equals: 'INSUFFICIENT' }] })(200, refused),
    ).toBe(true);
    expect(matcher({ body: [{ path: 'errors[*].extensions.code', equals: 'B' }] })(200, refused)).toBe(false);
    expect(
      matcher({ body: [{ path: 'errors.1.extensions.code', oneOf: ['X', 'INSUFFICIENT'] }] })(200, refused),
    ).toBe(true);
    expect(matcher({ body: [{ path: 'errors.1.extensions.code', contains: 'SUFF' }] })(200, refused)).toBe(
      true,
    );
    expect(matcher({ body: [{ path: 'errors.1.extensions.code', regex: '^INSUF' }] })(200, refused)).toBe(
      true,
    );
    expect(matcher({ body: [{ path: 'errors.1.extensions.code', regex: '^SUF' }] })(200, refused)).toBe(
      false,
    );
    expect(matcher({ body: [{ path: 'errors', exists: true }] })(200, refused)).toBe(true);
    expect(matcher({ body: [{ path: 'data', exists: false }] })(200, refused)).toBe(true);
    expect(matcher({ body: [{ path: '$[*]', contains: 'x' }] })(200, response(['y', 'x']))).toBe(true);
  });

  it('compares numbers and numeric texts; a text that is no number fails', () => {
    expect(matcher({ body: [{ path: 'total', gt: 12, lte: 12.5 }] })(200, refused)).toBe(true);
    expect(matcher({ body: [{ path: 'total', gte: 13 }] })(200, refused)).toBe(false);
    expect(matcher({ body: [{ path: 'total', lt: 13 }] })(200, refused)).toBe(true);
    expect(matcher({ body: [{ path: 'errors.0.extensions.code', lt: 13 }] })(200, refused)).toBe(false);
  });

  it('reads headers and the body text; a body that is not JSON fails JSON conditions only', () => {
    const html = response('<h1>Out of stock</h1>', { 'x-reason': 'sold-out' });
    expect(matcher({ body: [{ regex: '[Oo]ut of stock' }] })(409, html)).toBe(true);
    expect(matcher({ body: [{ header: 'X-Reason', equals: 'sold-out' }] })(409, html)).toBe(true);
    expect(matcher({ body: [{ path: 'error', exists: false }] })(409, html)).toBe(false);
  });

  it('combines status, body, all and any', () => {
    const outOfStock = matcher({
      any: [
        { status: [409] },
        {
          all: [
            { status: ['2xx'] },
            { body: [{ path: 'errors.1.extensions.code', equals: 'INSUFFICIENT' }] },
          ],
        },
      ],
    });
    expect(outOfStock(409, response({}))).toBe(true);
    expect(outOfStock(200, refused)).toBe(true);
    expect(outOfStock(200, response({ errors: [] }))).toBe(false);
    expect(outOfStock(500, refused)).toBe(false);
    expect(matcher({ status: [200], body: [{ path: 'total', equals: 12.5 }] })(201, refused)).toBe(false);
  });

  it('says what is expected: at least one part, one operator, one value for equals', () => {
    const message = (spec: unknown) => matcherSchema.safeParse(spec).error?.issues[0]?.message;
    expect(message({})).toMatch(/at least one of "status", "body", "all" or "any"/);
    expect(message({ body: [{ path: 'a' }] })).toMatch(/at least one of exists, equals, oneOf/);
    expect(message({ body: [{ path: 'a', equals: ['x', 'y'] }] })).toMatch(/oneOf: \[a, b\]/);
    expect(message({ body: [{ path: 'a', header: 'b', exists: true }] })).toMatch(/not both/);
  });
});
