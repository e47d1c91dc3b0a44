/**
 * The GraphQL checkout example through the action itself (dist/index.js under Node 24, as the
 * runner starts it): every named step has its line in the job summary and report.html, the
 * scenario's environment variable gives the password, and the outputs count the orders.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphqlCheckoutShop, startGraphqlCheckoutShop } from '../servers/graphql-checkout-shop.js';
import { ROOT, runAction } from '../support/run-action.js';

describe('the GraphQL checkout example through the action (Node 24, the bundle)', () => {
  let shop: GraphqlCheckoutShop;
  beforeAll(async () => {
    shop = await startGraphqlCheckoutShop({ deadlockEvery: 7 });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('writes a line per step in the job summary and report.html, and counts GraphQL errors as 5xx', async () => {
    const work = await mkdtemp(join(tmpdir(), 'olg-checkout-action-'));
    const reportDir = join(work, 'report');
    const r = await runAction({
      inputs: {
        'target-url': shop.url,
        scenario: join(ROOT, 'examples', 'graphql-checkout', 'scenario.yaml'),
        'admin-token': shop.adminToken,
        users: '7',
        'spawn-rate': '100',
        iterations: '2',
        thresholds: 'step[shipping method].failures==0\nstep[payment].failures<=2',
        baseline: 'none',
        compare: 'none',
        comment: 'never',
        'report-dir': reportDir,
      },
      event: { name: 'workflow_dispatch', payload: {} },
      cwd: work,
      env: {
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: '1'.repeat(40),
        VENDURE_LOAD_PASSWORD: 'vendure-pw',
      },
    });
    expect(r.code, r.stdout.slice(-3000) + r.stderr.slice(-2000)).toBe(0);
    expect(r.outputs['orders-attempted']).toBe('14');
    expect(r.outputs['orders-succeeded']).toBe('12');
    for (const step of ['shipping address (cart)', 'shipping methods (cart)', 'arranging payment (cart)']) {
      expect(r.summary).toContain(`| ${step} | 14 | 0 |`);
    }
    expect(r.summary).toContain('| payment (order) | 14 | 2 |');
    expect(r.summary).toMatch(
      /\| payment \(order\) \| http_5xx \| 200 \| 2 \| 200 server error in the answer: .*deadlock detected/,
    );
    const html = await readFile(join(reportDir, 'report.html'), 'utf8');
    expect(html).toContain('<td>shipping method (cart)</td>');
    expect(r.stdout).not.toContain('vendure-pw');
  });
});
