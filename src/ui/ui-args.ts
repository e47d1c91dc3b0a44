import { parseCommandArgs } from '../core/command-args.js';
import { ConfigError } from '../core/errors.js';
import { parseIntInRange, parseTargetUrl } from '../settings/parse-values.js';

/** The `ui` command's options. */
export const UI_OPTIONS = {
  port: { type: 'string', short: 'p' },
  target: { type: 'string' },
  host: { type: 'string' },
  'admin-token': { type: 'string' },
} as const;

export const UI_DEFAULT_PORT = 8089;

export const UI_USAGE = `Usage: order-load-gate ui [--port 8089] [--target URL]

A web page to start, watch and stop runs (as the origin's Locust page did): the run form, live
charts of users, requests/s, failures/s and p50/p95 per step, the per-step table, and at the end
the results block with the results JSON and the HTML report to download.

  --port N          port of the page on 127.0.0.1 (default ${UI_DEFAULT_PORT}; 0 = any free port)
  --target URL      the shop's base URL, prefilled in the form
  --admin-token T   used for "seed first" when the form leaves the token empty
                    (or ORDER_LOAD_GATE_ADMIN_TOKEN)
  --host ADDRESS    bind another address than 127.0.0.1, e.g. 0.0.0.0. The page launches load:
                    whoever reaches it can start a run against any target (a warning is printed)`;

export interface UiArgs {
  port: number;
  host: string;
  target?: string;
  adminToken?: string;
  help: boolean;
}

export function parseUiArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): UiArgs {
  const { values, help } = parseCommandArgs({ command: 'ui', options: UI_OPTIONS }, argv);
  const host = values.host?.trim() || '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host) && !/^\[[\w:]+\]$/.test(host))
    throw new ConfigError('--host', values.host, 'an address to bind, such as 127.0.0.1 or 0.0.0.0');
  const token = values['admin-token'] ?? env.ORDER_LOAD_GATE_ADMIN_TOKEN;
  return {
    port: parseIntInRange(values.port ?? String(UI_DEFAULT_PORT), '--port', 0, 65_535),
    host: host.replace(/^\[|\]$/g, ''),
    target: values.target !== undefined ? parseTargetUrl(values.target, '--target') : undefined,
    adminToken: token !== undefined && token !== '' ? token : undefined,
    help,
  };
}
