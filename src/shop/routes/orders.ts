import { authenticate } from '../auth/sessions.js';
import type { ShopDeps } from '../deps.js';
import { readJsonBody } from '../http/body.js';
import { HttpError } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { createOrder } from '../orders/create-order.js';
import { createOrderRacy } from '../orders/create-order-racy.js';
import { getOrder } from '../orders/get-order.js';
import { injectedDelayMs, sleep } from '../sleep.js';

const INT32_MAX = 2_147_483_647;

export function orderRoutes(deps: ShopDeps): Route[] {
  const { db, config } = deps;
  return [
    {
      method: 'POST',
      path: '/api/orders',
      async handler({ req }) {
        const userId = await authenticate(db, req);
        // The order is made from the cart; a body is optional, but if present it must be JSON.
        await readJsonBody(req);
        // Faults, applied before anything changes.
        if (config.failRate > 0 && Math.random() < config.failRate)
          throw new HttpError(500, 'injected failure');
        if (config.injectLatencyMs > 0) await sleep(injectedDelayMs(config.injectLatencyMs));
        const order = config.race ? await createOrderRacy(db, userId) : await createOrder(db, userId);
        return { status: 201, body: order };
      },
    },
    {
      method: 'GET',
      path: '/api/orders/:id',
      async handler({ req, params }) {
        const userId = await authenticate(db, req);
        const raw = params.id ?? '';
        const id = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
        const order = id >= 1 && id <= INT32_MAX ? await getOrder(db, userId, id) : null;
        if (!order) throw new HttpError(404, 'order not found');
        return { status: 200, body: order };
      },
    },
  ];
}
