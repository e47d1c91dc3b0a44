import { describe, expect, it } from 'vitest';
import {
  compileString,
  compileValue,
  invalidPlaceholders,
  valueVariables,
} from '../../src/scenario/template.js';

describe('templates', () => {
  const vars = { username: 'u_1', quantity: 2, productId: 17, token: 'a b', flag: true };

  it('keeps the type of a lone placeholder and interpolates inside text', () => {
    const render = compileValue({
      qty: '{{quantity}}',
      id: '{{ productId }}',
      label: 'user {{username}} x{{quantity}}',
      list: ['{{flag}}', 'literal', 3],
      missing: '{{nope}}',
      missingText: 'a{{nope}}b',
    });
    expect(render(vars)).toEqual({
      qty: 2,
      id: 17,
      label: 'user u_1 x2',
      list: [true, 'literal', 3],
      missing: null,
      missingText: 'ab',
    });
  });

  it('renders text with an encoder for variable values only', () => {
    const t = compileString('/users/{{token}}?x=1&y={{quantity}}');
    expect(t.text(vars, encodeURIComponent)).toBe('/users/a%20b?x=1&y=2');
    expect(t.variables).toEqual(['token', 'quantity']);
    expect(t.constant).toBe(false);
    expect(compileString('/plain').constant).toBe(true);
  });

  it('finds variables and invalid placeholders', () => {
    expect([...valueVariables({ a: ['{{x}}', { b: 'y{{z}}' }], c: 1 })]).toEqual(['x', 'z']);
    expect(invalidPlaceholders('{{ok}} {{not ok}} {{1x}}')).toEqual(['{{not ok}}', '{{1x}}']);
  });
});
