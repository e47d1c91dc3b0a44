/**
 * One shopper's cookies, for one target origin: Set-Cookie answers are stored, and sent back as
 * one Cookie header, so cookie sessions (Django's sessionid, csrftoken) work with no configuration.
 * Deliberately small: Domain and Path are ignored (one origin per run), Max-Age <= 0 or an Expires in
 * the past deletes the cookie, other expiries are not tracked (a run lasts minutes).
 */
export class CookieJar {
  /** Made with the first cookie: a shop that sends none (token auth) costs no map per shopper. */
  private cookies: Map<string, string> | null = null;

  /** Stores the cookies of a response's `set-cookie` header(s). */
  store(setCookie: string | string[] | undefined): void {
    if (setCookie === undefined) return;
    const lines = Array.isArray(setCookie) ? setCookie : [setCookie];
    for (const line of lines) this.storeOne(line);
  }

  private storeOne(line: string): void {
    const [pair, ...attributes] = line.split(';');
    if (!pair) return;
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!name) return;
    let expired = false;
    for (const attribute of attributes) {
      const [rawKey, ...rest] = attribute.split('=');
      const key = rawKey?.trim().toLowerCase();
      const attrValue = rest.join('=').trim();
      if (key === 'max-age' && Number(attrValue) <= 0) expired = true;
      if (key === 'expires') {
        const at = Date.parse(attrValue);
        if (!Number.isNaN(at) && at <= Date.now()) expired = true;
      }
    }
    if (expired) this.cookies?.delete(name);
    else {
      this.cookies ??= new Map();
      this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies?.get(name);
  }

  /**
   * The Cookie header to send, or undefined when the jar is empty (made on each call: the session
   * keeps it, asking again only after an answer set a cookie).
   */
  header(): string | undefined {
    if (this.cookies === null || this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  clear(): void {
    this.cookies = null;
  }
}
