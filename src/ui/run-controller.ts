/**
 * The UI's runs, one at a time: start one from the form, feed the pages every second from the
 * engine (onTick), stop it (the run's AbortSignal), keep its results JSON and HTML report for
 * download, and accept a new run once it has ended, without restarting the server.
 */
import type { Logger } from '../core/logger.js';
import type { ChartPoint } from '../report/html/chart-data.js';
import { renderHtmlReport } from '../report/html/render-report.js';
import type { RunOutcome } from '../results/run-outcome.js';
import { runRound } from '../round/run-round.js';
import { describePlan } from '../settings/describe-plan.js';
import type { RunSettings } from '../settings/run-settings.js';
import { type EndPayload, endOfFailedRun, endOfRun } from './end-block.js';
import { type FormDefaults, FormError, type FormField, settingsFromForm } from './form-inputs.js';
import { LiveFeed, type LiveTick } from './live-feed.js';
import { type LogLevel, teeLogger } from './ui-logger.js';

export type RunStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'finished' | 'stopped' | 'error';

export interface RunState {
  runId: number;
  status: RunStatus;
  target?: string;
  plan?: string;
  startedAt?: string;
}

export interface LogLine {
  level: LogLevel;
  message: string;
}

/** Everything a page that opens (or reconnects) mid-run needs to catch up. */
export interface UiSnapshot {
  state: RunState;
  points: ChartPoint[];
  tick?: LiveTick;
  logs: LogLine[];
  end?: EndPayload;
}

export type StartResult =
  | { ok: true; runId: number }
  | { ok: false; status: 400 | 409; error: string; field?: FormField };

export type UiEventListener = (event: string, data: unknown) => void;

const MAX_LOG_LINES = 300;

interface Artifacts {
  runId: number;
  resultsJson: string;
  reportHtml: string;
}

export class RunController {
  private state: RunState = { runId: 0, status: 'idle' };
  private points: ChartPoint[] = [];
  private tick?: LiveTick;
  private logs: LogLine[] = [];
  private end?: EndPayload;
  private abort?: AbortController;
  private running?: Promise<void>;
  private artifacts?: Artifacts;
  private reserved = false;

  constructor(
    private readonly terminal: Logger,
    private readonly emit: UiEventListener,
    private readonly defaults: FormDefaults = {},
  ) {}

  snapshot(): UiSnapshot {
    return { state: { ...this.state }, points: this.points, tick: this.tick, logs: this.logs, end: this.end };
  }

  get busy(): boolean {
    return this.reserved || this.running !== undefined;
  }

  /** Validates the form and starts a run; refuses while another one is going. */
  async start(form: unknown): Promise<StartResult> {
    if (this.busy)
      return { ok: false, status: 409, error: 'A run is already going: stop it or wait for its end.' };
    this.reserved = true;
    let settings: RunSettings;
    try {
      settings = await settingsFromForm(form, this.defaults);
    } catch (err) {
      this.reserved = false;
      if (err instanceof FormError) return { ok: false, status: 400, error: err.message, field: err.field };
      throw err;
    }
    const runId = this.state.runId + 1;
    this.begin(runId, settings);
    this.reserved = false;
    return { ok: true, runId };
  }

  /** Asks the running run to stop (graceful: in-flight orders finish); false when none runs. */
  stop(): boolean {
    if (!this.abort || this.abort.signal.aborted) return false;
    this.abort.abort();
    this.setState({ ...this.state, status: 'stopping' });
    this.log('warn', 'Stop requested: no new orders start; in-flight ones finish, then the results come.');
    return true;
  }

  /** The finished run's downloads. */
  download(runId: number, kind: 'results.json' | 'report.html'): string | undefined {
    if (!this.artifacts || this.artifacts.runId !== runId) return undefined;
    return kind === 'results.json' ? this.artifacts.resultsJson : this.artifacts.reportHtml;
  }

  /** Stops any run and waits for its end (the server is closing). */
  async close(): Promise<void> {
    this.abort?.abort();
    await this.running;
  }

  private begin(runId: number, settings: RunSettings): void {
    const abort = new AbortController();
    this.abort = abort;
    this.points = [];
    this.tick = undefined;
    this.logs = [];
    this.end = undefined;
    this.setState({
      runId,
      status: 'starting',
      target: settings.target,
      plan: describePlan(settings),
      startedAt: new Date().toISOString(),
    });
    const feed = new LiveFeed();
    const logger = teeLogger(this.terminal, (level, message) => this.log(level, message));
    this.running = runRound(settings, logger, {
      signal: abort.signal,
      interactive: false,
      writeStatus: (line) => this.terminal.info(line),
      onTick: (recorder) => {
        if (this.state.status === 'starting') this.setState({ ...this.state, status: 'running' });
        this.publishTick(feed.tick(recorder));
      },
    })
      .then((outcome) => this.finish(runId, outcome, feed))
      .catch((err: unknown) => this.fail(runId, err))
      .finally(() => {
        this.running = undefined;
        this.abort = undefined;
      });
  }

  private finish(runId: number, outcome: RunOutcome, feed: LiveFeed): void {
    this.publishTick(feed.final(outcome.results, outcome.stepLatency));
    this.artifacts = {
      runId,
      resultsJson: `${JSON.stringify(outcome.results, null, 2)}\n`,
      reportHtml: this.report(outcome),
    };
    const end = endOfRun(runId, outcome);
    this.end = end;
    this.setState({ ...this.state, status: end.status === 'stopped' ? 'stopped' : 'finished' });
    this.emit('end', end);
  }

  private report(outcome: RunOutcome): string {
    return renderHtmlReport({
      results: outcome.results,
      thresholds: outcome.thresholds,
      stepLatency: outcome.stepLatency,
      profile: this.state.plan,
    });
  }

  private fail(runId: number, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.log('error', message);
    this.end = endOfFailedRun(runId, message);
    this.setState({ ...this.state, status: 'error' });
    this.emit('end', this.end);
  }

  private publishTick(tick: LiveTick): void {
    this.tick = tick;
    for (const p of tick.points) this.points.push(p);
    this.emit('tick', tick);
  }

  private setState(state: RunState): void {
    this.state = state;
    this.emit('state', state);
  }

  private log(level: LogLevel, message: string): void {
    const line = { level, message };
    this.logs.push(line);
    if (this.logs.length > MAX_LOG_LINES) this.logs.splice(0, this.logs.length - MAX_LOG_LINES);
    this.emit('log', line);
  }
}
