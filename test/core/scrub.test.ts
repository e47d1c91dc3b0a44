import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret, scrub, scrubDeep, scrubReplacer } from '../../src/core/scrub.js';

afterEach(() => clearSecrets());

describe('scrub', () => {
  it('replaces registered secrets, also URL-encoded, and ignores too short ones', () => {
    registerSecret('pa ss/word');
    registerSecret('ab');
    expect(scrub('login pa ss/word failed, form pa%20ss%2Fword, ab')).toBe('login *** failed, form ***, ab');
  });

  it('removes terminal control and bidi characters, keeps tab and newline', () => {
    expect(scrub('a\u001b[31mred\u001b[0m\tb\nc\u202Eevil\u2066x\u0007')).toBe('a?[31mred?[0m\tb\nc?evil?x?');
  });

  it('scrubs every string of a value and of a JSON text', () => {
    registerSecret('tok-123456');
    const value = { a: ['x tok-123456', { b: 'tok-123456' }], n: 1 };
    expect(scrubDeep(value)).toEqual({ a: ['x ***', { b: '***' }], n: 1 });
    expect(JSON.stringify({ e: 'tok-123456\u001b' }, scrubReplacer)).toBe('{"e":"***?"}');
  });
});
