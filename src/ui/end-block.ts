/**
 * The live page's end block, as HTML made on the server from the same pieces as the HTML report:
 * the verdict, integrity (when the results carry it), thresholds, the "Order Concurrency Test
 * Results" block and the warnings. Links to the downloads are added by the page.
 */
import { escapeHtml } from '../report/html/html.js';
import { integrityHtml, integrityOf, readIntegrity } from '../report/html/integrity-view.js';
import {
  type RunVerdict,
  resultsBlockHtml,
  summaryStatsHtml,
  thresholdsHtml,
  verdictOf,
} from '../report/html/sections.js';
import type { RunOutcome } from '../results/run-outcome.js';

export interface EndPayload {
  runId: number;
  status: 'finished' | 'stopped' | 'error';
  verdict: RunVerdict;
  /** Inner HTML of the end block (escaped on the server). */
  html: string;
  /** Download links, present when the run produced results. */
  resultsUrl?: string;
  reportUrl?: string;
}

function part(title: string, body: string, id: string): string {
  if (body === '') return '';
  return `<div class="end-part" id="${id}">${title ? `<h3>${escapeHtml(title)}</h3>` : ''}${body}</div>`;
}

/** The end block of a run that produced results. */
export function endOfRun(runId: number, outcome: RunOutcome): EndPayload {
  const results = outcome.results;
  const integrity = integrityOf(results);
  const view = readIntegrity(integrity);
  const verdict = verdictOf(outcome.thresholds, view ? view.ok || !view.checked : true);
  const passedText = outcome.passed && verdict === 'pass' ? 'Passed' : 'Failed';
  const stopped = outcome.endedBy === 'stopped';
  const headline = stopped
    ? `<div class="banner warn" id="end-verdict">Stopped before the end. ${passedText} on what ran.</div>`
    : `<div class="banner ${verdict === 'pass' ? 'ok' : 'bad'}" id="end-verdict">${passedText}${
        outcome.thresholds.length > 0
          ? ` (${outcome.thresholds.filter((t) => t.ok).length} of ${outcome.thresholds.length} thresholds met)`
          : ''
      }.</div>`;
  const html = [
    headline,
    summaryStatsHtml(results),
    part('Integrity', integrityHtml(integrity), 'end-integrity'),
    part('Thresholds', thresholdsHtml(outcome.thresholds), 'end-thresholds'),
    part('', resultsBlockHtml(results), 'end-results'),
  ]
    .filter((s) => s !== '')
    .join('\n');
  return {
    runId,
    status: stopped ? 'stopped' : 'finished',
    verdict,
    html,
    resultsUrl: `/api/runs/${runId}/results.json`,
    reportUrl: `/api/runs/${runId}/report.html`,
  };
}

/** The end block of a run that could not be done (bad target, seed missing, ...). */
export function endOfFailedRun(runId: number, message: string): EndPayload {
  return {
    runId,
    status: 'error',
    verdict: 'error',
    html: `<div class="banner bad" id="end-verdict">The run could not be done: ${escapeHtml(message)}</div>`,
  };
}
