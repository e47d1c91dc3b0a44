import { describe, expect, it } from 'vitest';
import { RequestBytes } from '../../src/engine/lean-http-request.js';

const bytes = () => new RequestBytes('/shop', '127.0.0.1:8080');

describe("RequestBytes (the lean client's request serialization)", () => {
  it("writes the request line, the fixed headers, the caller's headers and the body", () => {
    const wire = bytes().wireFor({
      method: 'POST',
      path: '/api/orders',
      headers: { accept: 'application/json', 'content-type': 'application/json', Host: 'ignored' },
      body: '{"a":"é"}',
    });
    expect(wire).toEqual({
      wire:
        'POST /shop/api/orders HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nconnection: keep-alive\r\n' +
        'accept: application/json\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n{"a":"é"}',
      encoding: 'utf8',
    });
  });

  it('tells no body from an empty one, and gives POST without a body a zero length', () => {
    const b = bytes();
    const headers = {};
    expect(b.wireFor({ method: 'GET', path: '/x', headers })!.wire).toMatch(/keep-alive\r\n\r\n$/);
    expect(b.wireFor({ method: 'GET', path: '/x', headers, body: '' })!.wire).toMatch(
      /content-length: 0\r\n\r\n$/,
    );
    expect(b.wireFor({ method: 'POST', path: '/x', headers })!.wire).toMatch(/content-length: 0\r\n\r\n$/);
  });

  it('reuses the bytes once headers object, method, path and body repeat, and rebuilds otherwise', () => {
    const b = bytes();
    const headers = { authorization: 'Bearer a' };
    const first = b.wireFor({ method: 'POST', path: '/cart', headers, body: '{"id":1}' });
    // Kept from the second time on (a request whose body changes every time is not held).
    const second = b.wireFor({ method: 'POST', path: '/cart', headers, body: '{"id":1}' });
    expect(second).toEqual(first);
    expect(b.wireFor({ method: 'POST', path: '/cart', headers, body: '{"id":1}' })).toBe(second);
    const other = b.wireFor({ method: 'POST', path: '/cart', headers, body: '{"id":2}' });
    expect(other!.wire).toContain('{"id":2}');
    const third = b.wireFor({ method: 'POST', path: '/cart', headers, body: '{"id":1}' });
    expect(third).toEqual(first);
    expect(third).not.toBe(second);
    expect(b.wireFor({ method: 'POST', path: '/orders', headers, body: '{"id":1}' })!.wire).toMatch(
      /^POST \/shop\/orders /,
    );
    // A new headers object (a new token) is serialized afresh, even with the same body.
    const renewed = b.wireFor({
      method: 'POST',
      path: '/cart',
      headers: { authorization: 'Bearer b' },
      body: '{"id":1}',
    });
    expect(renewed!.wire).toContain('authorization: Bearer b\r\n');
  });

  it('drops what a one-off request kept (a login) once other requests have gone on for a while', () => {
    const b = bytes();
    const login = { 'content-type': 'application/json' };
    const order = { authorization: 'Bearer t' };
    const send = (headers: Record<string, string>) =>
      b.wireFor({ method: 'POST', path: headers === login ? '/login' : '/orders', headers, body: '{}' });
    send(login);
    const kept = send(login); // repeated: its bytes are kept from now on
    expect(send(login)).toBe(kept);
    for (let i = 0; i < 10; i++) send(order);
    expect(send(login)).toBe(kept); // still kept: used within the last sweep's span
    for (let i = 0; i < 200; i++) send(order);
    const again = send(login);
    expect(again).toEqual(kept);
    expect(again).not.toBe(kept); // swept, made afresh
    expect(send(order)).toBe(send(order)); // what keeps repeating stays
  });

  it('stays right with more headers objects and bodies than it keeps', () => {
    const b = bytes();
    const objects = Array.from({ length: 9 }, (_, i) => ({ 'x-n': String(i) }));
    for (let round = 0; round < 3; round++) {
      for (const [i, headers] of objects.entries()) {
        for (let body = 0; body < 40; body++) {
          const wire = b.wireFor({ method: 'POST', path: '/p', headers, body: String(body) })!.wire;
          expect(wire).toContain(`x-n: ${i}\r\n`);
          expect(wire.endsWith(`\r\n\r\n${body}`)).toBe(true);
        }
      }
    }
  });

  it('refuses a CR or LF in a header value or the path, also after the headers were sent once', () => {
    const b = bytes();
    expect(b.wireFor({ method: 'GET', path: '/x', headers: { a: 'b\r\nx-injected: 1' } })).toBeNull();
    const headers = { a: 'b' };
    expect(b.wireFor({ method: 'GET', path: '/x', headers })).not.toBeNull();
    expect(b.wireFor({ method: 'GET', path: '/x\r\nx-injected: 1', headers })).toBeNull();
  });
});
