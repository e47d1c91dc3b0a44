/**
 * The integrity check around a run: prepareIntegrity() before the load (decide whether the
 * inventory can be read, read it, pick the flash sale's product and barrier, start the tally of
 * order answers); finish() after it (read the accepted orders back, wait for their processing,
 * read the inventory again, reconcile). It never fails the run by itself: violations are in the
 * report; only --integrity on with an unreadable inventory is an error (exit 2).
 */

import { ConfigError, GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { RunEnd } from '../engine/runner.js';
import type { AcceptedOrder } from '../engine/types.js';
import type { IntegrityReport, InventorySnapshot, ReconcileOptions } from '../results/integrity-types.js';
import type { OrderAttempt } from '../scenario/order-attempt.js';
import type { OrderFlow, OrderFlowOptions } from '../scenario/order-flow.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunSettings } from '../settings/run-settings.js';
import { createOrderBarrier } from './barrier.js';
import { createInventoryReader, type InventoryReader } from './inventory.js';
import { createOrderReader } from './order-reader.js';
import { type ReadBackOutcome, readBackOrders } from './read-back.js';
import { reconcileIntegrity, skippedIntegrity } from './reconcile.js';
import { resolveSaleProduct } from './sale-product.js';
import { deferIntegrityToMerge } from './shard-integrity.js';
import { emptyTally, recordAttempt } from './tally.js';

export interface FinishContext {
  ledger: readonly AcceptedOrder[];
  flow: OrderFlow;
  endedBy: RunEnd;
  signal?: AbortSignal;
}

export interface IntegrityRun {
  /** For createOrderFlow: the tally hook, and the flash sale's product and barrier. */
  flowOptions: Pick<OrderFlowOptions, 'onOrderAttempt' | 'flashSale'>;
  /**
   * Keep the ledger of accepted orders (results.ledger): unless integrity is turned off, for the
   * check, or, when it cannot run here, for whoever reconciles the shop from results.json.
   */
  keepLedger: boolean;
  finish(ctx: FinishContext): Promise<IntegrityReport>;
  close(): Promise<void>;
}

type Readiness = { reader: InventoryReader } | { skip: string };

function readiness(settings: RunSettings, scenario: Scenario): Readiness {
  const { mode, inputNames } = settings.integrity;
  if (mode === 'off') return { skip: `turned off (${inputNames.mode} off)` };
  const inventory = scenario.inventory;
  if (!inventory) return { skip: 'the scenario file has no inventory section to read the stock from' };
  const reference = settings.scenarioFile === undefined;
  const adminToken = settings.seed.adminToken;
  if (reference && !adminToken) {
    return {
      skip: `reading the reference shop's ${inventory.path} needs the admin token (${inputNames.adminToken})`,
    };
  }
  return {
    reader: createInventoryReader({
      target: settings.target,
      scenario: { ...scenario, inventory },
      ...(adminToken ? { adminToken } : {}),
      adminHeader: reference,
      timeoutMs: settings.timeoutMs,
    }),
  };
}

export async function prepareIntegrity(
  settings: RunSettings,
  scenario: Scenario,
  logger: Logger,
  signal?: AbortSignal,
): Promise<IntegrityRun> {
  const { mode, inputNames } = settings.integrity;
  const tally = emptyTally();
  // When each order was accepted: only to time processing without the shop's timestamps (a looping
  // run accepts tens of thousands of orders a second, too many to remember for nothing).
  const acceptedAt = settings.integrity.waitProcessedMs > 0 ? new Map<string, number>() : undefined;
  const onOrderAttempt = (attempt: OrderAttempt) => {
    recordAttempt(tally, attempt);
    if (acceptedAt && attempt.orderId !== undefined) acceptedAt.set(attempt.orderId, attempt.endedAt);
  };
  const flowOptions: IntegrityRun['flowOptions'] = {};
  const options: ReconcileOptions = {};
  let barrier: ReturnType<typeof createOrderBarrier> | undefined;
  if (settings.flashSale && settings.plan.kind === 'spawn') {
    const product = await resolveSaleProduct(settings, scenario);
    barrier = createOrderBarrier(settings.plan.users);
    flowOptions.flashSale = { product, barrier };
    options.flashSale = { productId: String(product.id) };
    logger.info(
      `Flash sale: ${settings.plan.users} buyers want product ${product.id}; every order waits until all have logged in and filled the cart, then all are sent at once`,
    );
  }

  const ready = readiness(settings, scenario);
  let before: InventorySnapshot | undefined;
  let skip = 'skip' in ready ? ready.skip : undefined;
  if (mode === 'on' && skip !== undefined)
    throw new ConfigError(inputNames.mode, 'on', `an inventory to read, but ${skip}`);
  if ('reader' in ready) {
    try {
      before = await ready.reader.read(signal);
      logger.info(
        `Inventory before the load (${ready.reader.describe}): ${before.products.length} products, ` +
          `${before.products.reduce((n, p) => n + p.stock, 0)} units` +
          (before.orders !== undefined ? `, ${before.orders} orders` : ''),
      );
    } catch (err) {
      if (mode === 'on' || !(err instanceof GateError)) throw err;
      skip = `the inventory could not be read: ${err.message}`;
    }
  }
  if (skip !== undefined && mode === 'off') logger.info(`Integrity not checked: ${skip}`);
  else if (skip !== undefined) logger.warn(`Integrity not checked: ${skip}`);

  // Only a check reconciles the order answers: without one, the flow need not report them at all.
  if (skip === undefined) flowOptions.onOrderAttempt = onOrderAttempt;
  return {
    flowOptions,
    keepLedger: mode !== 'off',
    async finish(ctx) {
      if (skip !== undefined || !before || !('reader' in ready))
        return skippedIntegrity(mode, skip ?? 'not ready');
      if (ctx.endedBy === 'stopped') return skippedIntegrity(mode, 'the run was interrupted');
      const spec = scenario.inventory?.readOrder;
      const notes: string[] = [];
      let observed: ReadBackOutcome = {};
      if (spec) {
        const reader = createOrderReader(scenario, spec);
        if (settings.integrity.waitProcessedMs > 0 && !reader.hasStatus)
          notes.push(
            '--wait-processed needs the order status path (inventory.readOrder.status): not waited.',
          );
        observed = await readBackOrders({
          reader,
          session: (i) => ctx.flow.session(i),
          ledger: ctx.ledger,
          limit: settings.integrity.readBackLimit,
          waitProcessedMs: settings.integrity.waitProcessedMs,
          ...(acceptedAt ? { acceptedAt } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
      } else {
        notes.push('The scenario names no inventory.readOrder request: accepted orders were not read back.');
      }
      let after: InventorySnapshot;
      try {
        after = await ready.reader.read(ctx.signal);
      } catch (err) {
        if (mode === 'on' || !(err instanceof GateError)) throw err;
        logger.warn(`Integrity not checked: after the load, ${err.message}`);
        return skippedIntegrity(mode, `after the load, ${err.message}`);
      }
      const read = observed.readBack ? `; ${observed.readBack.orders.length} read back` : '';
      const waited = observed.processing ? `; waited ${observed.processing.waitedMs} ms for processing` : '';
      logger.info(
        `Inventory after the load: ${after.products.reduce((n, p) => n + p.stock, 0)} units` +
          (after.orders !== undefined ? `, ${after.orders} orders` : '') +
          `; ${ctx.ledger.length} orders accepted${read}${waited}`,
      );
      const report = reconcileIntegrity({
        mode,
        ledger: ctx.ledger,
        before,
        after,
        orderErrors: tally,
        ...observed,
        ...(options.flashSale ? { options } : {}),
      });
      if (barrier?.releasedAt !== undefined) {
        notes.push(
          `Flash sale: ${barrier.arrived} orders released together at ${new Date(barrier.releasedAt).toISOString()} (${barrier.left} buyers dropped out before ordering).`,
        );
      }
      if (ctx.endedBy === 'run_time')
        notes.push('The run hit its time limit: orders cut short may have been created without an answer.');
      report.notes.push(...notes);
      return deferIntegrityToMerge(report, settings.shard); // a shard: the merge reconciles
    },
    async close() {
      if ('reader' in ready) await ready.reader.close();
    },
  };
}
