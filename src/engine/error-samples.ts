/**
 * A few examples of each kind of failure, for the report: at most 5 distinct (status, detail)
 * per step (the scenario's named step when it has one) and kind, each with how often it happened. Memory stays bounded whatever the target
 * answers: details are cut to 200 characters.
 */
import type { ErrorKind, RequestRecord, StepName } from './types.js';

export interface ErrorSample {
  step: StepName;
  /** The scenario step that failed (a checkout step...), when it has a name of its own. */
  name?: string;
  kind: ErrorKind;
  status: number;
  detail: string;
  /** How many failures had this step, kind, status and detail. */
  count: number;
}

const MAX_SAMPLES_PER_KIND = 5;
const MAX_DETAIL_CHARS = 200;

export class ErrorSamples {
  private readonly samples = new Map<string, ErrorSample[]>();

  add(request: RequestRecord, kind: ErrorKind): void {
    const key = `${request.step}:${request.name ?? ''}:${kind}`;
    let list = this.samples.get(key);
    if (!list) {
      list = [];
      this.samples.set(key, list);
    }
    const detail = (request.errorDetail ?? '').slice(0, MAX_DETAIL_CHARS);
    for (const s of list) {
      if (s.status === request.status && s.detail === detail) {
        s.count++;
        return;
      }
    }
    if (list.length < MAX_SAMPLES_PER_KIND)
      list.push({
        step: request.step,
        ...(request.name !== undefined ? { name: request.name } : {}),
        kind,
        status: request.status,
        detail,
        count: 1,
      });
  }

  /** Copies, most frequent first. */
  list(): ErrorSample[] {
    const all: ErrorSample[] = [];
    for (const list of this.samples.values()) for (const s of list) all.push({ ...s });
    return all.sort((a, b) => b.count - a.count);
  }
}
