import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { RunResults } from '../../src/results/results.js';
import { captureIo } from '../support/capture.js';
import { OPS_KEY, type OpsShopOptions, opsScenario, startOpsShop } from './support/ops-shop.js';

/** Another shop's API: the scenario file names the inventory request, its JSON paths and the order read. */
let dir: string;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'olg-integrity-scenario-'));
});
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function run(name: string, shop: OpsShopOptions, args: string[], inventory = true) {
  const s = await startOpsShop(shop);
  closers.push(() => s.close());
  const scenario = join(dir, `${name}.json`);
  await writeFile(scenario, JSON.stringify(opsScenario(inventory)));
  const out = join(dir, `${name}-results.json`);
  const io = captureIo();
  const code = await runCli(
    [
      'run',
      '--target',
      s.url,
      '--scenario',
      scenario,
      '--users',
      '40',
      '--spawn-rate',
      '400',
      '--progress',
      'off',
      '--out',
      out,
      ...args,
    ],
    io,
  );
  let results: RunResults | undefined;
  try {
    results = JSON.parse(await readFile(out, 'utf8')) as RunResults;
  } catch {
    results = undefined;
  }
  return { code, results, out: io.out(), err: io.err() };
}

describe('integrity through a scenario file (another shop’s API)', () => {
  it('reads the stock and orders at the scenario’s paths, waits for "shipped", and is clean', async () => {
    const r = await run('clean', {}, ['--admin-token', OPS_KEY, '--wait-processed', '10s']);
    expect(r.code, r.err).toBe(0);
    const integrity = r.results!.integrity!;
    expect(integrity.violations).toEqual([]);
    expect(integrity.summary).toMatchObject({
      ordersAccepted: 40,
      ordersReadBack: 40,
      ordersCreated: 40,
      productsChecked: 5,
    });
    expect(integrity.processing).toMatchObject({
      processedStatus: 'shipped',
      processed: 40,
      timing: 'observed',
    });
  });

  it('finds accepted orders that disappeared: missing on read-back and in the order count', async () => {
    const r = await run('lossy', { loseEvery: 10 }, ['--admin-token', OPS_KEY]);
    expect(r.code).toBe(1);
    const kinds = r.results!.integrity!.violations.map((v) => v.kind);
    expect(kinds).toEqual(['order_count', 'order_missing']);
    const missing = r.results!.integrity!.violations.find((v) => v.kind === 'order_missing')!;
    expect(missing.count).toBe(4);
    expect(missing.orderIds!.sort()).toEqual(['R10', 'R20', 'R30', 'R40']);
    expect(r.out).toMatch(/\[order_missing\] 4 accepted orders cannot be read back/);
  });

  it('off keeps no ledger of accepted orders (a looping run accepts tens of thousands a second)', async () => {
    const off = await run('off', {}, ['--integrity', 'off'], false);
    expect(off.code, off.err).toBe(0);
    expect(off.results!.orders.succeeded).toBe(40);
    expect(off.results!.ledger).toEqual([]);
    expect(off.results!.integrity).toMatchObject({ checked: false, mode: 'off' });
  });

  it('auto skips the check with a note when the scenario has no inventory; on makes that an error', async () => {
    const auto = await run('no-inventory', {}, [], false);
    expect(auto.code).toBe(0);
    expect(auto.results!.integrity).toMatchObject({ checked: false, mode: 'auto' });
    expect(auto.results!.integrity!.skipped).toMatch(/no inventory section/);
    expect(auto.err).toMatch(/warning: Integrity not checked/);
    // Skipped here, the ledger is still written: whoever reconciles the shop needs it.
    expect(auto.results!.ledger).toHaveLength(40);
    const on = await run('no-inventory-on', {}, ['--integrity', 'on'], false);
    expect(on.code).toBe(2);
    expect(on.err).toMatch(/--integrity: "on". Expected an inventory to read/);
  });
});
