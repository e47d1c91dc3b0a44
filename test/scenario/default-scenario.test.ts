import { describe, expect, it } from 'vitest';
import { defaultScenario, REFERENCE_SCENARIO } from '../../src/scenario/default-scenario.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/validate.js';

describe('the built-in scenario (the reference shop)', () => {
  it('is written out whole: the schema parses it to itself, every default already there', () => {
    expect(scenarioSchema.parse(structuredClone(REFERENCE_SCENARIO))).toEqual(REFERENCE_SCENARIO);
  });

  it('passes the semantic checks', () => {
    expect(validateScenario(REFERENCE_SCENARIO)).toBeUndefined();
  });

  it('hands out a copy: changing it leaves the next run alone', () => {
    const first = defaultScenario();
    first.order.path = '/elsewhere';
    expect(defaultScenario().order.path).toBe('/api/orders');
  });
});
