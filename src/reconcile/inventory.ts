/**
 * Reads the shop's inventory through the scenario's `inventory` section (the reference shop's
 * GET /admin/inventory by default): stock per product, and the order counts when the section
 * names their paths. The request carries the section's headers, whose templates may use
 * {{adminToken}}; for the reference shop (no scenario file) the X-Admin-Token header is added.
 */

import { TargetUnavailableError } from '../core/errors.js';
import { createHttpTarget, HttpRequestError, type HttpTarget } from '../engine/http-client.js';
import type { InventorySnapshot } from '../results/integrity-types.js';
import { formatJsonPath, getPath, type JsonPath, parseJsonPath } from '../scenario/json-path.js';
import type { Scenario } from '../scenario/schema.js';
import { compileString, compileValue } from '../scenario/template.js';

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
  stock: JsonPath;
  orders?: JsonPath;
  units?: JsonPath;
  byStatus?: JsonPath;
}

/** The snapshot in a parsed inventory answer, or the problem as text. */
export function parseInventory(doc: unknown, paths: Paths, takenAt: string): InventorySnapshot | string {
  const list = getPath(doc, paths.list);
  if (!Array.isArray(list)) return `no product array at ${formatJsonPath(paths.list)}`;
  const products: InventorySnapshot['products'] = [];
  for (const [i, item] of list.entries()) {
    const id = getPath(item, paths.id);
    const stock = toNumber(getPath(item, paths.stock));
    if (typeof id !== 'string' && typeof id !== 'number')
      return `item ${i} has no product id at ${formatJsonPath(paths.id)}`;
    if (stock === undefined) return `product ${id} has no numeric stock at ${formatJsonPath(paths.stock)}`;
    products.push({ id: String(id), stock });
  }
  const snapshot: InventorySnapshot = { takenAt, products };
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
  let body: string | undefined;
  if (spec.body !== undefined) {
    const rendered = compileValue(spec.body)(vars);
    if (spec.bodyType === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(
        Object.entries(rendered as Record<string, unknown>).map(([k, v]) => [k, v == null ? '' : String(v)]),
      ).toString();
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(rendered);
    }
  }
  const paths: Paths = {
    list: parseJsonPath(spec.list),
    id: parseJsonPath(spec.fields.id),
    stock: parseJsonPath(spec.fields.stock),
    ...(spec.ordersCount ? { orders: parseJsonPath(spec.ordersCount) } : {}),
    ...(spec.unitsOrdered ? { units: parseJsonPath(spec.unitsOrdered) } : {}),
    ...(spec.ordersByStatus ? { byStatus: parseJsonPath(spec.ordersByStatus) } : {}),
  };
  const describe = `${spec.method} ${spec.path}`;
  let http: HttpTarget | undefined;
  return {
    describe,
    async read(signal) {
      http ??= createHttpTarget(options.target, { timeoutMs: options.timeoutMs });
      const connection = http.connect();
      try {
        const res = await connection.send({ method: spec.method, path, headers, body }, signal);
        if (res.status < 200 || res.status >= 300) {
          throw new TargetUnavailableError(
            `the inventory (${describe}) answered ${res.status}: ${res.bodyText.slice(0, 160)}`,
          );
        }
        let doc: unknown;
        try {
          doc = res.json();
        } catch {
          throw new TargetUnavailableError(`the inventory (${describe}) did not answer JSON`);
        }
        const parsed = parseInventory(doc, paths, new Date().toISOString());
        if (typeof parsed === 'string')
          throw new TargetUnavailableError(`the inventory (${describe}): ${parsed}`);
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
