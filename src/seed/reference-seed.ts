import { SeedFailedError, TargetUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { type HttpResponse, requestOnce } from '../engine/http-client.js';

/** Seeds the reference shop through its admin route: users load_test_user_0.. and products. */
export interface ReferenceSeedRequest {
  target: string;
  adminToken: string;
  users: number;
  products: number;
  stock: number;
  password: string;
  userPrefix?: string;
  resetStock?: boolean;
}

export interface ReferenceSeedResult {
  users: number;
  products: number;
  createdUsers: number;
  createdProducts: number;
  elapsedMs: number;
}

export async function seedReferenceShop(
  req: ReferenceSeedRequest,
  logger: Logger,
): Promise<ReferenceSeedResult> {
  const url = `${req.target}/admin/seed`;
  const body = {
    users: req.users,
    products: req.products,
    stock: req.stock,
    password: req.password,
    userPrefix: req.userPrefix,
    resetStock: req.resetStock ?? false,
  };
  let res: HttpResponse;
  try {
    res = await requestOnce(
      req.target,
      {
        method: 'POST',
        path: '/admin/seed',
        headers: { 'content-type': 'application/json', 'x-admin-token': req.adminToken },
        body: JSON.stringify(body),
      },
      300_000,
    );
  } catch (err) {
    throw new TargetUnavailableError(`Could not reach ${url} to seed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const text = res.bodyText;
  if (res.status === 401) {
    throw new SeedFailedError(
      `Seeding was refused (401): the admin token does not match the shop's --admin-token.`,
    );
  }
  if (res.status === 404) {
    throw new SeedFailedError(
      `${url} answered 404: this target has no reference-shop seeding route. Seed it with your own script (--seed-command) instead.`,
    );
  }
  if (res.status !== 200) {
    throw new SeedFailedError(`Seeding failed: ${url} answered ${res.status}: ${text.slice(0, 200)}`);
  }
  const out = JSON.parse(text) as ReferenceSeedResult;
  logger.info(
    `Seeded ${req.users} users and ${req.products} products with ${req.stock} units each ` +
      `(${out.createdUsers} users and ${out.createdProducts} products new) in ${Math.round(out.elapsedMs)} ms`,
  );
  return out;
}
