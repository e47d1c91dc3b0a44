import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Queryable } from '../db/adapter.js';
import { HttpError } from '../http/respond.js';

/**
 * Opaque bearer tokens: 32 random bytes handed to the client once; the sessions table keeps
 * only their SHA-256, so a database dump does not hand out live sessions.
 */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Queryable, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO sessions (token_hash, user_id) VALUES ($1, $2)', [tokenHash(token), userId]);
  return token;
}

/** The caller's user id from `Authorization: Bearer <token>`; 401 when missing or unknown. */
export async function authenticate(db: Queryable, req: IncomingMessage): Promise<number> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new HttpError(401, 'authentication required', {}, { 'www-authenticate': 'Bearer' });
  const { rows } = await db.query<{ user_id: number }>('SELECT user_id FROM sessions WHERE token_hash = $1', [
    tokenHash(match[1]),
  ]);
  const row = rows[0];
  if (!row) throw new HttpError(401, 'invalid or expired token', {}, { 'www-authenticate': 'Bearer' });
  return row.user_id;
}
