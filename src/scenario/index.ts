/** The scenario layer's public surface. */
export { defaultScenario, REFERENCE_SCENARIO } from './default-scenario.js';
export { getPath, parseJsonPath } from './json-path.js';
export { loadScenario, loadScenarioFile, parseScenario } from './load.js';
export { createOrderFlow, type OrderFlowOptions } from './order-flow.js';
export { createScenarioProbe, type LoginCheck, type ProbeOptions, type ScenarioProbe } from './probe.js';
export type { Product } from './products.js';
export type { Scenario, ScenarioInput } from './schema.js';
