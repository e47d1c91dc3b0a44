/**
 * The inventory's second request (the scenario's inventory.stats): the shop's own statistics
 * route, where the order count and units sold are read when the stock list does not carry them.
 * Also the one JSON fetch both inventory requests use: a non-2xx answer or no answer means the
 * target is unavailable; an answer of the wrong shape is the scenario's problem (OLG_ERR_SCENARIO).
 */

import { ScenarioMismatchError, TargetUnavailableError } from '../core/errors.js';
import type { HttpConnection, HttpRequest } from '../engine/http-types.js';
import { bodySerializer, contentTypeOf } from '../scenario/compile.js';
import { type JsonPath, parseJsonPath } from '../scenario/json-path.js';
import type { Scenario } from '../scenario/schema.js';
import { compileString } from '../scenario/template.js';

export type StatsSpec = NonNullable<NonNullable<Scenario['inventory']>['stats']>;

export interface StatsRequest {
  /** "GET /api/admin/stats/" (basePath included), for messages. */
  describe: string;
  request: HttpRequest;
  paths: { orders?: JsonPath; units?: JsonPath; byStatus?: JsonPath };
}

/** The stats request, rendered once: the inventory's headers, then its own (same {{adminToken}}). */
export function statsRequest(
  spec: StatsSpec,
  basePath: string,
  vars: Record<string, unknown>,
  inventoryHeaders: Record<string, string>,
): StatsRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(inventoryHeaders))
    if (name !== 'content-type') headers[name] = value;
  for (const [name, value] of Object.entries(spec.headers ?? {}))
    headers[name.toLowerCase()] = compileString(value).text(vars);
  const path = compileString(basePath + spec.path).text(vars, encodeURIComponent);
  const body = bodySerializer(spec)?.(vars);
  const contentType = contentTypeOf(spec);
  if (contentType) headers['content-type'] = contentType;
  return {
    describe: `${spec.method} ${basePath}${spec.path}`,
    request: { method: spec.method, path, headers, ...(body !== undefined ? { body } : {}) },
    paths: {
      ...(spec.ordersCount ? { orders: parseJsonPath(spec.ordersCount) } : {}),
      ...(spec.unitsOrdered ? { units: parseJsonPath(spec.unitsOrdered) } : {}),
      ...(spec.ordersByStatus ? { byStatus: parseJsonPath(spec.ordersByStatus) } : {}),
    },
  };
}

/** Sends `request` and parses the JSON answer; `describe` names it in errors. */
export async function fetchJson(
  connection: HttpConnection,
  request: HttpRequest,
  describe: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const res = await connection.send(request, signal);
  if (res.status < 200 || res.status >= 300) {
    throw new TargetUnavailableError(`${describe} answered ${res.status}: ${res.bodyText.slice(0, 160)}`);
  }
  try {
    return res.json();
  } catch {
    throw new ScenarioMismatchError(`${describe} did not answer JSON: ${res.bodyText.slice(0, 160)}`);
  }
}
