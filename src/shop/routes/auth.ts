import { hashPassword, verifyPassword } from '../auth/password.js';
import { createSession } from '../auth/sessions.js';
import type { ShopDeps } from '../deps.js';
import { readJsonBody } from '../http/body.js';
import { HttpError } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { parseBody } from '../http/validate.js';
import { loginBody } from '../schemas.js';

export function authRoutes(deps: ShopDeps): Route[] {
  // Verified against for unknown users, so they cost the same time as a wrong password.
  let decoy: Promise<string> | undefined;
  return [
    {
      method: 'POST',
      path: '/api/auth/login',
      async handler({ req }) {
        const { username, password } = parseBody(loginBody, await readJsonBody(req));
        const { rows } = await deps.db.query<{ id: number; password_hash: string }>(
          'SELECT id, password_hash FROM users WHERE username = $1',
          [username],
        );
        const user = rows[0];
        if (!user) {
          decoy ??= hashPassword('decoy', deps.config.kdfCost);
          await verifyPassword(password, await decoy);
          throw new HttpError(400, 'invalid credentials');
        }
        if (!(await verifyPassword(password, user.password_hash)))
          throw new HttpError(400, 'invalid credentials');
        return { status: 200, body: { token: await createSession(deps.db, user.id) } };
      },
    },
  ];
}
