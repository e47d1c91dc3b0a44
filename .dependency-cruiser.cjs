/**
 * The layers of src/, top to bottom: the one place the allowed order is written down.
 * A folder may import from the layers below its own, never from a layer above, and never from
 * another folder of its own layer (the phases of the pipeline do not call each other: the round
 * and the gate call them in order). `npm run lint` checks it (npx depcruise src).
 */
const LAYERS = [
  ['index.ts', 'action-worker.ts', 'cli.ts'], // entry files: thin
  ['action', 'cli'], // entry layers: the only code that reads inputs or argv
  ['ui', 'demo'],
  ['gate'], // round(s) or the shards' merge + compare + report + publish
  ['paired'], // paired mode: rounds of the base and the head build, alternated (A B B A ..)
  ['round', 'merge'], // a round: bring up .. bring down; merge: the shards' results into one
  ['report'],
  // the phases, in pipeline order
  ['bring-up', 'seed', 'preflight', 'load', 'reconcile', 'compare', 'publish'],
  ['settings'],
  ['results', 'scenario'],
  ['engine'],
  ['core'],
];

const folder = (name) => (name.endsWith('.ts') ? `^src/${name.replace('.', '[.]')}$` : `^src/${name}/`);
const anyOf = (names) => `(${names.map(folder).join('|')})`;

const layerRules = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(0, i).flat();
  const rules = [];
  if (above.length > 0)
    rules.push({
      name: `layer-${layer.join('+')}-not-up`,
      comment: `${layer.join(', ')} may not import a layer above it (${above.join(', ')})`,
      severity: 'error',
      from: { path: anyOf(layer) },
      to: { path: anyOf(above) },
    });
  for (const name of layer) {
    const peers = layer.filter((p) => p !== name);
    if (peers.length === 0) continue;
    rules.push({
      name: `peer-${name}`,
      comment: `${name} may not import its peers of the same layer (${peers.join(', ')})`,
      severity: 'error',
      from: { path: folder(name) },
      to: { path: anyOf(peers) },
    });
  }
  return rules;
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycles, between files or folders',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shop-apart',
      comment: 'the reference shop imports nothing of the gate: they meet over HTTP',
      severity: 'error',
      from: { path: '^src/shop/' },
      to: { path: '^src/', pathNot: '^src/shop/' },
    },
    {
      name: 'gate-apart-from-shop',
      comment: 'nothing of the gate imports the shop; only the CLI hosts its `shop` command',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/shop/', '^src/cli/'] },
      to: { path: '^src/shop/' },
    },
    {
      name: 'every-folder-has-a-layer',
      comment: 'a new folder of src/ must be given its place in LAYERS (.dependency-cruiser.cjs)',
      severity: 'error',
      from: { path: '^src/', pathNot: [anyOf(LAYERS.flat()), '^src/shop/'] },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
