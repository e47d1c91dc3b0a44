import { z } from 'zod';

/** Request bodies of the shop's routes. */
const INT32_MAX = 2_147_483_647;
const QUANTITY = 'must be an integer from 1 to 1000';

export const loginBody = z.object({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});

export const cartItemBody = z.object({
  productId: z.number().int().min(1).max(INT32_MAX),
  quantity: z.number(QUANTITY).int(QUANTITY).min(1, QUANTITY).max(1000, QUANTITY),
});

export const seedBody = z.object({
  users: z.number().int().min(0).max(1_000_000),
  products: z.number().int().min(0).max(100_000),
  stock: z.number().int().min(0).max(1_000_000_000),
  password: z.string().min(1).max(1024),
  resetStock: z.boolean().optional(),
  userPrefix: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits and _ . @ - only')
    .optional(),
  price: z.number().min(0).max(1_000_000).optional(),
});

export type SeedRequest = z.infer<typeof seedBody>;
