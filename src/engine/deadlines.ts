/**
 * Request timeouts of many connections on one coarse timer (as undici's fast timers): a connection
 * only writes its deadline (performance.now() ms, 0 for none) when a request starts or data arrives;
 * a timer per target sweeps the connections a few times per timeout and expires those past theirs.
 * A Node timer per connection instead costs a timer-list move and a clock read on every request,
 * which showed in the profile at 1,000 shoppers (npm run bench -- --profile). A timeout fires between
 * `timeoutMs` and `timeoutMs` + one sweep interval (a quarter of the timeout, at most 1 s).
 */
export interface HasDeadline {
  /** performance.now() ms after which the request in flight has timed out; 0 when none is. */
  deadline: number;
  expire(): void;
}

export class DeadlineSweeper {
  private readonly members = new Set<HasDeadline>();
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;

  constructor(timeoutMs: number) {
    this.intervalMs = Math.min(1000, Math.max(10, Math.round(timeoutMs / 4)));
  }

  add(member: HasDeadline): void {
    this.members.add(member);
    if (this.timer === null) {
      this.timer = setInterval(() => this.sweep(), this.intervalMs);
      this.timer.unref();
    }
  }

  delete(member: HasDeadline): void {
    this.members.delete(member);
    if (this.members.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private sweep(): void {
    const now = performance.now();
    for (const member of this.members) {
      if (member.deadline > 0 && now >= member.deadline) member.expire();
    }
  }
}
