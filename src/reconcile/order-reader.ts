/**
 * Reads one accepted order back through the scenario's `inventory.readOrder` request, with the
 * buyer's own session (the one that placed it; logged in again once if the shop dropped it):
 * its items, and its status and timestamps for --wait-processed.
 */
import type { OrderLine } from '../engine/types.js';
import { bodySerializer, type CompiledRequest, compileHeaders, contentTypeOf } from '../scenario/compile.js';
import { getPath, type JsonPath, parseJsonPath } from '../scenario/json-path.js';
import type { Scenario } from '../scenario/schema.js';
import type { ShopperSession } from '../scenario/session.js';
import { compileString } from '../scenario/template.js';

export type ReadOrderSpec = NonNullable<NonNullable<Scenario['inventory']>['readOrder']>;

export interface OrderReading {
  /** HTTP status, 0 when no answer arrived. */
  status: number;
  found: boolean;
  items?: OrderLine[];
  /** The order's status, when the spec names its path. */
  orderStatus?: string;
  createdAtMs?: number;
  processedAtMs?: number;
  detail?: string;
}

export interface OrderReader {
  /** For messages: the processed status, or several joined with "or". */
  readonly processedStatus: string;
  /** Every status that means processed (a shop may end in PaymentAuthorized or PaymentSettled). */
  readonly processedStatuses: readonly string[];
  /** Whether the order's status can be read (needed for --wait-processed). */
  readonly hasStatus: boolean;
  read(session: ShopperSession, orderId: string, signal?: AbortSignal): Promise<OrderReading>;
}

function dateMs(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

function parseItems(doc: unknown, list: JsonPath, id: JsonPath, qty: JsonPath): OrderLine[] | undefined {
  const raw = getPath(doc, list);
  if (!Array.isArray(raw)) return undefined;
  const items: OrderLine[] = [];
  for (const item of raw) {
    const productId = getPath(item, id);
    const quantity = Number(getPath(item, qty));
    if ((typeof productId !== 'string' && typeof productId !== 'number') || !Number.isFinite(quantity))
      return undefined;
    items.push({ productId: String(productId), quantity });
  }
  return items;
}

export function createOrderReader(scenario: Scenario, spec: ReadOrderSpec): OrderReader {
  const request: CompiledRequest = {
    key: 'order',
    name: 'read order',
    step: 'order',
    method: spec.method,
    path: compileString(scenario.basePath.replace(/\/+$/, '') + spec.path),
    ...compileHeaders(scenario, spec.headers),
    contentType: contentTypeOf(spec),
    body: bodySerializer(spec),
    success: (status) => status >= 200 && status < 300,
    outOfStock: undefined,
    serverError: undefined,
    captures: [],
  };
  const items = parseJsonPath(spec.items);
  const productId = parseJsonPath(spec.fields.productId);
  const quantity = parseJsonPath(spec.fields.quantity);
  const status = spec.status ? parseJsonPath(spec.status) : undefined;
  const createdAt = spec.createdAt ? parseJsonPath(spec.createdAt) : undefined;
  const processedAt = spec.processedAt ? parseJsonPath(spec.processedAt) : undefined;

  const once = async (session: ShopperSession, orderId: string, signal?: AbortSignal) => {
    if (!session.loggedIn) {
      const login = await session.login(signal, performance.now());
      if (login.verdict !== 'ok') return { verdict: 'login' as const, result: login };
    }
    session.vars.orderId = orderId;
    const result = await session.exchange(request, signal, performance.now());
    return { verdict: result.verdict, result };
  };

  const processedStatuses =
    typeof spec.processedStatus === 'string' ? [spec.processedStatus] : spec.processedStatus;
  return {
    processedStatus: processedStatuses.join('" or "'),
    processedStatuses,
    hasStatus: status !== undefined,
    async read(session, orderId, signal) {
      let attempt = await once(session, orderId, signal);
      if (attempt.verdict === 'unauthorized') {
        session.drop();
        attempt = await once(session, orderId, signal);
      }
      const { result } = attempt;
      const code = result.record.status;
      if (attempt.verdict === 'login') {
        return {
          status: 0,
          found: false,
          detail: `logging in again failed: ${result.record.errorDetail ?? ''}`,
        };
      }
      if (result.verdict !== 'ok' || !result.response) {
        return {
          status: code,
          found: false,
          detail: result.record.errorDetail ?? result.record.errorKind ?? '',
        };
      }
      let doc: unknown;
      try {
        doc = result.response.json();
      } catch {
        return { status: code, found: true, detail: 'the answer is not JSON' };
      }
      const reading: OrderReading = { status: code, found: true };
      const lines = parseItems(doc, items, productId, quantity);
      if (lines) reading.items = lines;
      else reading.detail = `no items at ${spec.items}`;
      if (status) {
        const s = getPath(doc, status);
        if (typeof s === 'string' || typeof s === 'number') reading.orderStatus = String(s);
      }
      const created = createdAt ? dateMs(getPath(doc, createdAt)) : undefined;
      const processed = processedAt ? dateMs(getPath(doc, processedAt)) : undefined;
      if (created !== undefined) reading.createdAtMs = created;
      if (processed !== undefined) reading.processedAtMs = processed;
      return reading;
    },
  };
}
