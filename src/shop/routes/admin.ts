import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { inventory } from '../admin/inventory.js';
import { seed } from '../admin/seed.js';
import type { ShopDeps } from '../deps.js';
import { readJsonBody } from '../http/body.js';
import { HttpError } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { parseBody } from '../http/validate.js';
import { seedBody } from '../schemas.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export function adminRoutes(deps: ShopDeps): Route[] {
  const expected = digest(deps.adminToken);
  const requireAdmin = (req: IncomingMessage): void => {
    const given = req.headers['x-admin-token'];
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      throw new HttpError(401, 'admin token required');
    }
  };
  return [
    {
      method: 'POST',
      path: '/admin/seed',
      async handler({ req }) {
        requireAdmin(req);
        const request = parseBody(seedBody, await readJsonBody(req));
        const result = await seed(deps.db, request, deps.config.kdfCost);
        deps.log.info(
          `seeded ${result.users} users (${result.createdUsers} new), ${result.products} products ` +
            `(${result.createdProducts} new) in ${result.elapsedMs} ms`,
        );
        return { status: 200, body: result };
      },
    },
    {
      method: 'GET',
      path: '/admin/inventory',
      async handler({ req }) {
        requireAdmin(req);
        return { status: 200, body: await inventory(deps.db) };
      },
    },
  ];
}
