/**
 * Single requests through a scenario, for the preflight check before the load: can user i log in,
 * and which products are in stock. Nothing is recorded; the same session code as the flow is used,
 * so a scenario that passes here behaves the same under load.
 */

import { ScenarioMismatchError, TargetUnavailableError } from '../core/errors.js';
import { createHttpTarget } from '../engine/http-client.js';
import { accountsForRun } from './accounts-file.js';
import { compileScenario } from './compile.js';
import { type Product, parseProducts } from './products.js';
import type { Scenario } from './schema.js';
import { ShopperSession } from './session.js';

export interface ProbeOptions {
  target: string;
  scenario: Scenario;
  password: string;
  userPrefix: string;
  timeoutMs: number;
}

export interface LoginCheck {
  ok: boolean;
  /** HTTP status, 0 when no response arrived. */
  status: number;
  /** What happened, short (e.g. "logged in", "400 {"error":"invalid credentials"}"). */
  detail: string;
  /** The answer was an HTML page (content-type text/html, or a body starting with <). */
  html?: boolean;
  /** The login request as sent, e.g. "POST /api/auth/login". */
  request?: string;
  /** The account that logged in (never its password). */
  username?: string;
}

export interface ScenarioProbe {
  /** Logs user `userIndex` in once; a success keeps that session for fetchProducts(). */
  loginOnce(userIndex: number, signal?: AbortSignal): Promise<LoginCheck>;
  /**
   * The in-stock products (stock > 0 or unknown), through the last successful login's session if
   * any. Throws TargetUnavailableError when the request fails or the answer cannot be read.
   */
  fetchProducts(signal?: AbortSignal, options?: { soldOutToo?: boolean }): Promise<Product[]>;
  close(): Promise<void>;
}

export function createScenarioProbe(options: ProbeOptions): ScenarioProbe {
  const compiled = compileScenario(options.scenario);
  const target = createHttpTarget(options.target, { timeoutMs: options.timeoutMs });
  const sessions: ShopperSession[] = [];
  const accountOf = accountsForRun(options.scenario, options);
  let current: ShopperSession | undefined;

  const newSession = (userIndex: number): ShopperSession => {
    const { username, password } = accountOf(userIndex);
    const s = new ShopperSession(target, compiled, userIndex, username, password);
    sessions.push(s);
    return s;
  };

  return {
    async loginOnce(userIndex, signal) {
      const session = newSession(userIndex);
      const result = await session.login(signal, performance.now());
      const { record } = result;
      if (result.verdict === 'ok') current = session;
      const type = String(result.response?.headers['content-type'] ?? '');
      const body = result.response?.bodyText.trimStart() ?? '';
      return {
        ok: result.verdict === 'ok',
        html: /text\/html/i.test(type) || body.startsWith('<'),
        request: `${options.scenario.login.method} ${options.scenario.login.path}`,
        username: String(session.vars.username),
        status: record.status,
        detail: record.ok
          ? `logged in (${record.status})`
          : (record.errorDetail ?? record.errorKind ?? 'failed'),
      };
    },
    async fetchProducts(signal, fetchOptions) {
      const session = current ?? newSession(0);
      const result = await session.exchange(compiled.products, signal, performance.now());
      const { basePath, products } = options.scenario;
      const where = `${products.method} ${basePath.replace(/\/+$/, '')}${products.path}`;
      if (result.verdict !== 'ok' || !result.response) {
        const why = result.record.errorDetail ?? result.record.errorKind ?? 'failed';
        throw new TargetUnavailableError(`products request (${where}) failed: ${why}`);
      }
      let parsed: Product[] | string;
      try {
        parsed = parseProducts(compiled, result.response.json());
      } catch {
        parsed = 'the answer is not JSON';
      }
      if (typeof parsed === 'string') {
        // The shop answered: the scenario's products section does not match it.
        throw new ScenarioMismatchError(
          `products request (${where}): ${parsed} (check products.list and products.fields in the scenario file); ` +
            `the answer began: ${result.response.bodyText.slice(0, 160)}`,
        );
      }
      return fetchOptions?.soldOutToo ? parsed : parsed.filter((p) => p.stock === null || p.stock > 0);
    },
    async close() {
      await Promise.all(sessions.map((s) => s.close()));
      await target.close();
    },
  };
}

/** Single requests (outside the load) as the run's shoppers would make them. */
export function probeForRun(settings: Omit<ProbeOptions, 'scenario'>, scenario: Scenario): ScenarioProbe {
  return createScenarioProbe({
    target: settings.target,
    scenario,
    password: settings.password,
    userPrefix: settings.userPrefix,
    timeoutMs: settings.timeoutMs,
  });
}
