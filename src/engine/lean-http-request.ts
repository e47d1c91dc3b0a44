/**
 * The request side of the lean HTTP/1.1 client (lean-http.ts): a request's bytes, made once and
 * reused. A shopper repeats a handful of steps, each with one headers object that its session hands
 * back while nothing it depends on changed: the header lines are serialized once per headers object,
 * and a whole request made with it is kept once it repeats (same method, path and body: an order's
 * `{}`): sending it again allocates nothing. Only that one: keeping every cart body a shopper sent
 * cost ~5 MB at 1,000 users (npm run bench) for a fraction of a microsecond per request.
 */
import type { HttpRequest } from './http-types.js';

/** Headers objects whose requests a connection keeps (one per step of a shopper's flow, see wireFor()). */
const WIRE_CACHE = 4;
/**
 * Every this many requests, the entries not used since the last sweep are dropped: a login's or a
 * products list's, sent once, would otherwise be held for the whole run (~500 bytes per shopper).
 */
const SWEEP_EVERY = 64;

export interface Wire {
  wire: string;
  encoding: 'latin1' | 'utf8';
}

/** The requests sent with one headers object: its header lines, and a whole request that repeats. */
interface WireEntry {
  headers: Record<string, string> | undefined;
  lines: string;
  method: string;
  path: string;
  /** For `method` and `path`: everything before the content length (flat; '' until made). */
  head: string;
  headLatin1: boolean;
  body: string | undefined;
  /** The last request's bytes (method, path, body as above) once they repeated; else null. */
  last: Wire | null;
  /** The connection's request count when this entry was last used. */
  usedAt: number;
}

/** One connection's requests (see wireFor()). */
export class RequestBytes {
  /** The request line's end and the headers every request carries. */
  private readonly fixedLines: string;
  /** The requests last sent, per headers object, newest first. */
  private readonly wireCache: WireEntry[] = [];
  /** Requests made so far (for the sweep). */
  private requestCount = 0;

  constructor(
    private readonly pathPrefix: string,
    hostHeader: string,
  ) {
    this.fixedLines = ` HTTP/1.1\r\nhost: ${hostHeader}\r\nconnection: keep-alive\r\n`;
  }

  /**
   * The request's bytes. A shopper repeats a handful of steps, each with one headers object that
   * its session hands back while nothing it depends on changed: the header lines are serialized
   * once per headers object, and the whole request is reused while method, path and body repeat
   * too (an order's `{}`). Null when a name, value or the path holds a CR or LF (refused).
   */
  wireFor(request: HttpRequest): Wire | null {
    const { headers, method, path, body } = request;
    const cache = this.wireCache;
    const count = ++this.requestCount;
    if (count % SWEEP_EVERY === 0) sweepEntries(cache, count);
    /** The same method, path and body as the last request with these headers. */
    let repeated = false;
    let entry: WireEntry | undefined;
    for (let i = 0; i < cache.length; i++) {
      if (cache[i]!.headers === headers) {
        entry = cache[i]!;
        entry.usedAt = count;
        break;
      }
    }
    if (entry === undefined) {
      if (headers && unsafeRequestPart({ method, path: '', headers })) return null;
      const parts: string[] = [];
      for (const name in headers) {
        const n = name.length;
        if ((n === 4 || n === 10 || n === 14 || n === 17) && isOwnHeader(name)) continue;
        parts.push(name, ': ', headers[name]!, '\r\n');
      }
      let lines = parts.join('');
      // Steps sent with the same header lines (a cart line's and an order's) share one copy.
      for (let i = 0; i < cache.length; i++) {
        if (cache[i]!.lines === lines) {
          lines = cache[i]!.lines;
          break;
        }
      }
      entry = { headers, lines, method, path, head: '', headLatin1: true, body, last: null, usedAt: count };
      cache.unshift(entry);
      if (cache.length > WIRE_CACHE) cache.length = WIRE_CACHE;
    } else if (entry.method === method && entry.path === path) {
      if (entry.body === body) {
        if (entry.last !== null) return entry.last;
        repeated = true;
      }
    } else {
      entry.method = method;
      entry.path = path;
      entry.head = '';
    }
    if (entry.head === '') {
      if (hasLineBreak(path)) return null;
      // Joined, not concatenated: one flat string (a kept concatenation is a tree of pieces that
      // every write walks).
      entry.head = [method, ' ', this.pathPrefix, path, this.fixedLines, entry.lines].join('');
      entry.headLatin1 = Buffer.byteLength(entry.head) === entry.head.length;
    }
    let wire: string;
    let latin1 = entry.headLatin1;
    if (body !== undefined) {
      const length = Buffer.byteLength(body);
      latin1 &&= length === body.length;
      wire = `${entry.head}content-length: ${length}\r\n\r\n${body}`;
    } else if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      wire = `${entry.head}content-length: 0\r\n\r\n`;
    } else {
      wire = `${entry.head}\r\n`;
    }
    // One-byte strings are copied as they are (latin1), cheaper than encoding them as utf8.
    const made: Wire = { wire, encoding: latin1 ? 'latin1' : 'utf8' };
    entry.body = body;
    // Kept for reuse once the request repeats (an order's `{}`): a cart line's request, whose body
    // changes with the product, would otherwise be held until the next one for nothing.
    entry.last = repeated ? made : null;
    // What is kept holds the head: it is made again only if the body changes.
    if (repeated) entry.head = '';
    return made;
  }
}

/** Keeps, in order, the entries used in the last SWEEP_EVERY requests (`count`: the request count now). */
function sweepEntries(cache: WireEntry[], count: number): void {
  let kept = 0;
  for (let i = 0; i < cache.length; i++) {
    const entry = cache[i]!;
    if (entry.usedAt > count - SWEEP_EVERY) cache[kept++] = entry;
  }
  cache.length = kept;
}

function isOwnHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'host' || n === 'connection' || n === 'content-length' || n === 'transfer-encoding';
}

/** Names the request part (path or a header) that holds a CR or LF, if any. */
export function unsafeRequestPart(request: HttpRequest): string | undefined {
  if (hasLineBreak(request.path)) return 'the path';
  const headers = request.headers;
  if (headers) {
    for (const name in headers) {
      if (hasLineBreak(name) || hasLineBreak(String(headers[name])))
        return `the header ${JSON.stringify(name)}`;
    }
  }
  return undefined;
}

function hasLineBreak(text: string): boolean {
  return text.indexOf('\r') !== -1 || text.indexOf('\n') !== -1;
}
