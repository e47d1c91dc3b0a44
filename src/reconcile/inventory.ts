/**
 * Reads the shop's inventory through the scenario's `inventory` section (the reference shop's
 * GET /admin/inventory by default): stock per product, and the order counts when the section
 * names their paths. The request carries the section's headers, whose templates may use
 * {{adminToken}}; for the reference shop (no scenario file) the X-Admin-Token header is added.
 */

import { ScenarioMismatchError, TargetUnavailableError } from '../core/errors.js';
import { createHttpTarget, HttpRequestError, type HttpTarget } from '../engine/http-client.js';
import type { InventorySnapshot } from '../results/integrity-types.js';
import { bodySerializer, contentTypeOf } from '../scenario/compile.js';
import { formatJsonPath, getPath, hasWildcard, type JsonPath, parseJsonPath } from '../scenario/json-path.js';
import type { Scenario } from '../scenario/schema.js';
import { compileStock, type StockReader } from '../scenario/stock.js';
import { compileString } from '../scenario/template.js';
import { fetchJson, statsRequest } from './stats-request.js';

export type InventorySpec = NonNullable<Scenario['inventory']>;

export interface InventoryReaderOptions {
  target: string;
  scenario: Scenario & { inventory: InventorySpec };
  adminToken?: string;
  /** Send X-Admin-Token: adminToken (the reference shop's admin routes). */
  adminHeader: boolean;
  timeoutMs: number;
}

export interface InventoryReader {
  /** "GET /admin/inventory", for messages. */
  readonly describe: string;
  read(signal?: AbortSignal): Promise<InventorySnapshot>;
  close(): Promise<void>;
}

function toNumber(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  return Number.isFinite(n) ? n : undefined;
}

interface Paths {
  list: JsonPath;
  id: JsonPath;
  stock: StockReader;
  orders?: JsonPath;
  units?: JsonPath;
  byStatus?: JsonPath;
}

/** The snapshot in a parsed inventory answer, or the problem as text. */
export function parseInventory(doc: unknown, paths: Paths, takenAt: string): InventorySnapshot | string {
  const found = getPath(doc, paths.list);
  if (!Array.isArray(found)) return `no product array at ${formatJsonPath(paths.list)}`;
  // A `*` path (items[*].variants[*]) reaches lists: flattened once, as the flow's product list.
  const list = hasWildcard(paths.list) ? found.flatMap((x) => (Array.isArray(x) ? x : [x])) : found;
  const products: InventorySnapshot['products'] = [];
  for (const [i, item] of list.entries()) {
    const id = getPath(item, paths.id);
    if (typeof id !== 'string' && typeof id !== 'number')
      return `item ${i} has no product id at ${formatJsonPath(paths.id)}`;
    const stock = paths.stock(item);
    if (stock === null) return `product ${id}: the integrity check needs a number of units, not "available"`;
    if (typeof stock === 'object') return `product ${id}: ${stock.problem}`;
    products.push({ id: String(id), stock });
  }
  const snapshot: InventorySnapshot = { takenAt, products };
  const counts = parseCounts(doc, paths);
  if (typeof counts === 'string') return counts;
  return Object.assign(snapshot, counts);
}

type Counts = Pick<InventorySnapshot, 'orders' | 'unitsOrdered' | 'ordersByStatus'>;

/** The order counts at the paths given (none given: none read), or the problem as text. */
export function parseCounts(
  doc: unknown,
  paths: Pick<Paths, 'orders' | 'units' | 'byStatus'>,
): Counts | string {
  const snapshot: Counts = {};
  const count = (path: JsonPath | undefined, name: string): number | string | undefined => {
    if (!path) return undefined;
    const n = toNumber(getPath(doc, path));
    return n === undefined ? `no ${name} number at ${formatJsonPath(path)}` : n;
  };
  const orders = count(paths.orders, 'order count');
  if (typeof orders === 'string') return orders;
  if (orders !== undefined) snapshot.orders = orders;
  const units = count(paths.units, 'units ordered');
  if (typeof units === 'string') return units;
  if (units !== undefined) snapshot.unitsOrdered = units;
  if (paths.byStatus) {
    const raw = getPath(doc, paths.byStatus);
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      const byStatus: Record<string, number> = {};
      for (const [k, v] of Object.entries(raw)) {
        const n = toNumber(v);
        if (n !== undefined) byStatus[k] = n;
      }
      snapshot.ordersByStatus = byStatus;
    }
  }
  return snapshot;
}

export function createInventoryReader(options: InventoryReaderOptions): InventoryReader {
  const spec = options.scenario.inventory;
  const basePath = options.scenario.basePath.replace(/\/+$/, '');
  const vars = { adminToken: options.adminToken ?? '' };
  const path = compileString(basePath + spec.path).text(vars, encodeURIComponent);
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(spec.headers ?? {}))
    headers[name.toLowerCase()] = compileString(value).text(vars);
  if (options.adminHeader && options.adminToken) headers['x-admin-token'] = options.adminToken;
  const body = bodySerializer(spec)?.(vars);
  const contentType = contentTypeOf(spec);
  if (contentType) headers['content-type'] = contentType;
  const paths: Paths = {
    list: parseJsonPath(spec.list),
    id: parseJsonPath(spec.fields.id),
    stock: compileStock(spec.fields.stock),
    ...(spec.ordersCount ? { orders: parseJsonPath(spec.ordersCount) } : {}),
    ...(spec.unitsOrdered ? { units: parseJsonPath(spec.unitsOrdered) } : {}),
    ...(spec.ordersByStatus ? { byStatus: parseJsonPath(spec.ordersByStatus) } : {}),
  };
  const describe = `${spec.method} ${basePath}${spec.path}`;
  const stats = spec.stats ? statsRequest(spec.stats, basePath, vars, headers) : undefined;
  if (stats) {
    // The stats answer holds the counts; the inventory answer only the stock.
    delete paths.orders;
    delete paths.units;
    delete paths.byStatus;
  }
  let http: HttpTarget | undefined;
  return {
    describe,
    async read(signal) {
      http ??= createHttpTarget(options.target, { timeoutMs: options.timeoutMs });
      const connection = http.connect();
      try {
        const doc = await fetchJson(
          connection,
          { method: spec.method, path, headers, body },
          `the inventory (${describe})`,
          signal,
        );
        const parsed = parseInventory(doc, paths, new Date().toISOString());
        if (typeof parsed === 'string')
          throw new ScenarioMismatchError(`the inventory (${describe}): ${parsed}`);
        if (stats) {
          const statsDoc = await fetchJson(
            connection,
            stats.request,
            `the shop's statistics (${stats.describe})`,
            signal,
          );
          const counts = parseCounts(statsDoc, stats.paths);
          if (typeof counts === 'string')
            throw new ScenarioMismatchError(`the shop's statistics (${stats.describe}): ${counts}`);
          Object.assign(parsed, counts);
        }
        return parsed;
      } catch (err) {
        if (err instanceof HttpRequestError)
          throw new TargetUnavailableError(`the inventory (${describe}) got no answer: ${err.message}`, {
            cause: err,
          });
        throw err;
      } finally {
        await connection.close();
      }
    },
    async close() {
      await http?.close();
    },
  };
}
