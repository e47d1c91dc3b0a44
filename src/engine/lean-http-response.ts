/**
 * The answer side of the lean HTTP/1.1 client (lean-http.ts): feeds socket chunks through the head
 * parser and the body decoders into one response. Its buffers (a head split across chunks, a body
 * that came in pieces) belong to the connection and are reused from answer to answer; an answer that
 * arrives in one chunk, as small answers do, is decoded straight from it, without a copy.
 */
import type { HttpHeaders, HttpResponse } from './http-types.js';
import { bodyLimitFor, HttpRequestError } from './http-types.js';
import {
  type ChunkedState,
  feedChunked,
  newChunkedState,
  parseHead,
  rawHeaders,
  resetChunked,
} from './lean-http-parse.js';

const CRLF2 = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;
/** Larger buffers are dropped after their answer instead of kept for the next one. */
const KEEP_BUFFER = 64 * 1024;
const NONE = 0;
const LENGTH = 1;
const CHUNKED = 2;
const UNTIL_CLOSE = 3;

export const MORE = 0;
export const DONE = 1;
export const FAILED = 2;

class LeanResponse implements HttpResponse {
  private parsedHeaders: HttpHeaders | undefined;
  private parsed: { value: unknown } | undefined;
  constructor(
    readonly status: number,
    private readonly head: string,
    readonly setCookie: string[] | undefined,
    readonly bodyText: string,
  ) {}
  get headers(): HttpHeaders {
    this.parsedHeaders ??= rawHeaders(this.head);
    return this.parsedHeaders;
  }
  json(): unknown {
    this.parsed ??= { value: this.bodyText.length === 0 ? undefined : JSON.parse(this.bodyText) };
    return this.parsed.value;
  }
}

export class AnswerParser {
  /** The head is parsed: a stall from now on is a body timeout. */
  inBody = false;
  /** The connection cannot carry another request after this answer. */
  closeAfter = false;
  /** Set when feed() returns FAILED. */
  error: HttpRequestError | null = null;
  private noBody = false;
  private headBuf: Buffer | null = null;
  private headLen = 0;
  private status = 0;
  private head = '';
  private setCookie: string[] | undefined;
  private mode = NONE;
  private remaining = 0;
  private bodyBuf: Buffer | null = null;
  private bodyLen = 0;
  private bodyText: string | null = null;
  /** This answer's body limit (bodyLimitFor: smaller for error pages, which are then truncated). */
  private limit = 0;
  private readonly chunked: ChunkedState = newChunkedState();
  private readonly appendChunk = (data: Buffer, from: number, to: number) => this.appendBody(data, from, to);

  constructor(private readonly maxBodyBytes: number) {}

  /** Starts a new answer (`noBody`: the request was a HEAD). */
  reset(noBody: boolean): void {
    this.noBody = noBody;
    this.inBody = false;
    this.closeAfter = false;
    this.error = null;
    this.headLen = 0;
    this.status = 0;
    this.head = '';
    this.setCookie = undefined;
    this.mode = NONE;
    this.bodyLen = 0;
    this.bodyText = null;
  }

  /** The whole answer, once feed() returned DONE; drops oversized buffers. */
  response(): HttpResponse {
    const response = new LeanResponse(this.status, this.head, this.setCookie, this.bodyText ?? '');
    this.bodyText = null;
    this.head = '';
    if (this.bodyBuf !== null && this.bodyBuf.length > KEEP_BUFFER) this.bodyBuf = null;
    if (this.headBuf !== null && this.headBuf.length > KEEP_BUFFER) this.headBuf = null;
    return response;
  }

  /** The socket ended: true when that completes the answer (a body delimited by the close). */
  endAtClose(): boolean {
    if (!this.inBody || this.mode !== UNTIL_CLOSE || this.error !== null) return false;
    this.bodyText = this.bodyLen === 0 ? '' : this.bodyBuf!.toString('utf8', 0, this.bodyLen);
    return true;
  }

  /**
   * Feeds the socket's bytes `chunk[0, length)` (the bytes past `length` are not this read's: a
   * shared read buffer holds stale bytes there). Nothing of `chunk` is held after the call.
   */
  feed(chunk: Buffer, length = chunk.length): number {
    let data = chunk;
    let end = length;
    let pos = 0;
    while (!this.inBody) {
      let from = 0;
      if (this.headLen > 0 || pos > 0) {
        // Head bytes split across chunks (or after a 1xx): gathered in the reusable buffer.
        from = Math.max(0, this.headLen - 3);
        this.appendHead(data, pos, end);
        data = this.headBuf!;
        end = this.headLen;
        pos = 0;
      }
      let headEnd = data.indexOf(CRLF2, from);
      if (headEnd + 4 > end) headEnd = -1;
      if (headEnd < 0) {
        if (this.headLen === 0) this.appendHead(data, pos, end);
        if (this.headLen > MAX_HEAD) return this.failWith('response head too large');
        return MORE;
      }
      if (!this.onHead(data, pos, headEnd)) return FAILED;
      pos = headEnd + 4;
      this.headLen = 0;
      if (!this.inBody && pos >= end) return MORE;
    }
    if (this.bodyText === null && pos < end) pos = this.onBody(data, pos, end);
    if (this.error !== null) return FAILED;
    if (this.bodyText === null) return MORE;
    // Bytes past the answer (with pipelining 1): the connection is out of step.
    if (pos < end) this.closeAfter = true;
    return DONE;
  }

  private failWith(message: string): number {
    this.error = new HttpRequestError('invalid_response', message);
    return FAILED;
  }

  private appendHead(data: Buffer, pos: number, end: number): void {
    const n = end - pos;
    let buf = this.headBuf;
    if (buf === null || buf.length < this.headLen + n) {
      const grown = Buffer.allocUnsafe(Math.max(1024, (this.headLen + n) * 2));
      if (buf !== null) buf.copy(grown, 0, 0, this.headLen);
      this.headBuf = buf = grown;
    }
    data.copy(buf, this.headLen, pos, end);
    this.headLen += n;
  }

  /** Parses a head (1xx heads are skipped); false when malformed or too large. */
  private onHead(data: Buffer, start: number, end: number): boolean {
    const head = parseHead(data, start, end);
    if (head === null) {
      this.failWith('malformed HTTP response head');
      return false;
    }
    if (head.status < 200) return true;
    this.status = head.status;
    this.head = head.head;
    this.setCookie = head.setCookie;
    this.closeAfter = head.close;
    this.inBody = true;
    this.limit = bodyLimitFor(head.status, this.maxBodyBytes);
    if (this.noBody || head.status === 204 || head.status === 304) {
      this.bodyText = '';
    } else if (head.chunked) {
      this.mode = CHUNKED;
      resetChunked(this.chunked);
    } else if (head.length >= 0) {
      this.mode = LENGTH;
      this.remaining = head.length;
      if (head.length > this.limit) {
        if (this.limit === this.maxBodyBytes) {
          this.failWith(`response body larger than ${this.maxBodyBytes} bytes`);
          return false;
        }
        // An error page: its first bytes are enough; the rest is never read.
        this.remaining = this.limit;
        this.closeAfter = true;
      }
      if (head.length === 0) this.bodyText = '';
    } else {
      this.mode = UNTIL_CLOSE;
      this.closeAfter = true;
    }
    return true;
  }

  /** Consumes body bytes in `data[pos, end)`; returns where it stopped. Sets bodyText when the body is whole. */
  private onBody(data: Buffer, pos: number, end: number): number {
    if (this.mode === LENGTH) {
      const take = Math.min(this.remaining, end - pos);
      if (this.bodyLen === 0 && take === this.remaining) {
        this.bodyText = data.toString('utf8', pos, pos + take);
        this.remaining = 0;
        return pos + take;
      }
      if (!this.appendBody(data, pos, pos + take)) return end;
      this.remaining -= take;
      if (this.remaining === 0) this.bodyText = this.bodyBuf!.toString('utf8', 0, this.bodyLen);
      return pos + take;
    }
    if (this.mode === CHUNKED) {
      const next = feedChunked(this.chunked, data, pos, end, this.appendChunk);
      if (next < 0) {
        // Stopped at the limit of an error page (bodyText set), or malformed.
        if (this.error === null && this.bodyText === null) this.failWith('malformed chunked body');
        return end;
      }
      if (this.chunked.done) {
        this.bodyText = this.bodyLen === 0 ? '' : this.bodyBuf!.toString('utf8', 0, this.bodyLen);
      }
      return next;
    }
    this.appendBody(data, pos, end);
    return end;
  }

  private appendBody(data: Buffer, from: number, to: number): boolean {
    let n = to - from;
    let truncated = false;
    if (this.bodyLen + n > this.limit) {
      if (this.limit === this.maxBodyBytes) {
        this.failWith(`response body larger than ${this.maxBodyBytes} bytes`);
        return false;
      }
      // An error page past its limit: keep its first bytes, answer with them, drop the connection.
      n = this.limit - this.bodyLen;
      truncated = true;
    }
    let buf = this.bodyBuf;
    if (buf === null || buf.length < this.bodyLen + n) {
      const want = Math.min(Math.max(4096, (this.bodyLen + n) * 2), Math.max(this.limit, this.bodyLen + n));
      const grown = Buffer.allocUnsafe(want);
      if (buf !== null) buf.copy(grown, 0, 0, this.bodyLen);
      this.bodyBuf = buf = grown;
    }
    data.copy(buf, this.bodyLen, from, from + n);
    this.bodyLen += n;
    if (truncated) {
      this.bodyText = this.bodyLen === 0 ? '' : buf.toString('utf8', 0, this.bodyLen);
      this.closeAfter = true;
      return false;
    }
    return true;
  }
}
