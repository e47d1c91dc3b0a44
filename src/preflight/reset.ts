/**
 * The scenario's reset: one request sent once per run before the preflight and the load (e.g. POST
 * /admin/reset-carts, a GraphQL mutation), so that carts or state left by an earlier run do not
 * change what this run's orders hold. Templated with {{adminToken}}; the global headers are not sent.
 * An answer that is not a success stops the run: the shop is not in the state the load assumes.
 * A sharded run sends it from shard 1 only (start the matrix jobs together).
 */
import { TargetUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { HttpRequestError, requestOnce } from '../engine/http-client.js';
import { bodySerializer, contentTypeOf } from '../scenario/compile.js';
import { compileMatcher } from '../scenario/matcher.js';
import type { Scenario } from '../scenario/schema.js';
import { compileString } from '../scenario/template.js';
import type { RunSettings } from '../settings/run-settings.js';

export async function runReset(settings: RunSettings, scenario: Scenario, logger: Logger): Promise<void> {
  const spec = scenario.reset;
  if (!spec) return;
  if (settings.shard && settings.shard.index > 0) {
    // One reset per run: a later shard's would empty the carts of shards already ordering.
    logger.info(`the scenario's reset is sent by shard 1 only (this is shard ${settings.shard.index + 1})`);
    return;
  }
  const vars = { adminToken: settings.seed.adminToken ?? '' };
  const basePath = scenario.basePath.replace(/\/+$/, '');
  const path = compileString(basePath + spec.path).text(vars, encodeURIComponent);
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(spec.headers ?? {}))
    headers[name.toLowerCase()] = compileString(value).text(vars);
  const contentType = contentTypeOf(spec);
  if (contentType) headers['content-type'] = contentType;
  const body = bodySerializer(spec)?.(vars);
  const describe = `the scenario's reset (${spec.method} ${basePath}${spec.path})`;
  let response: Awaited<ReturnType<typeof requestOnce>>;
  try {
    response = await requestOnce(
      settings.target,
      { method: spec.method, path, headers, ...(body !== undefined ? { body } : {}) },
      settings.timeoutMs,
    );
  } catch (err) {
    const why = err instanceof HttpRequestError ? err.message : String(err);
    throw new TargetUnavailableError(`${describe} got no answer: ${why}`, { cause: err });
  }
  const success = spec.success
    ? compileMatcher(spec.success)
    : (status: number) => status >= 200 && status < 300;
  if (!success(response.status, response)) {
    throw new TargetUnavailableError(
      `${describe} answered ${response.status}, not a success: ${response.bodyText.slice(0, 160)}`,
    );
  }
  logger.info(`${describe}: ${response.status}`);
}
