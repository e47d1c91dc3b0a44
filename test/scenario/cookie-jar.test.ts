import { describe, expect, it } from 'vitest';
import { CookieJar } from '../../src/scenario/cookie-jar.js';

describe('the cookie jar', () => {
  it('stores Set-Cookie answers and sends them back in one header', () => {
    const jar = new CookieJar();
    expect(jar.header()).toBeUndefined();
    jar.store(['sessionid=abc; Path=/; HttpOnly', 'csrftoken="t=1"; SameSite=Lax']);
    jar.store('lang=fr');
    expect(jar.get('csrftoken')).toBe('t=1');
    expect(jar.header()).toBe('sessionid=abc; csrftoken=t=1; lang=fr');
    jar.store('sessionid=xyz');
    expect(jar.header()).toBe('sessionid=xyz; csrftoken=t=1; lang=fr');
  });

  it('deletes expired cookies and ignores malformed ones', () => {
    const jar = new CookieJar();
    jar.store(['a=1', 'b=2', '=nameless', 'novalue']);
    jar.store(['a=; Max-Age=0', 'b=2; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.header()).toBeUndefined();
    jar.store('c=3');
    jar.clear();
    expect(jar.get('c')).toBeUndefined();
  });
});
