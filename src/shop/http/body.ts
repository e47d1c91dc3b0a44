import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.js';

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads the raw body, answering 413 (without buffering further) once it passes the limit. */
async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new HttpError(413, `request body over ${limit} bytes`, {}, { connection: 'close' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, `request body over ${limit} bytes`, {}, { connection: 'close' });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * Reads a JSON request body. An empty body gives `undefined` (handlers that need one say so);
 * a body that is not declared as JSON answers 415, malformed JSON 400, too large 413.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readRaw(req, MAX_BODY_BYTES);
  if (raw.length === 0) return undefined;
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new HttpError(415, 'content-type must be application/json');
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'malformed JSON body');
  }
}
