import type { Database } from '../db/adapter.js';
import type { ShopLogger } from '../logger.js';
import { sleep } from '../sleep.js';

export interface OrderWorkers {
  /** Stops claiming, interrupts the current delay (re-queuing that job) and waits for the loops. */
  stop(): Promise<void>;
}

export interface WorkerSettings {
  count: number;
  processingDelayMs: number;
  /** How long an idle loop waits before polling the queue again. */
  pollIntervalMs?: number;
}

/** A job claimed this long ago without finishing (its worker died) is claimable again. */
const STALE_CLAIM = '60 seconds';

/**
 * Claims the oldest queued job. FOR UPDATE SKIP LOCKED lets concurrent workers (in this process
 * or in other shops on the same database) each take a different job without waiting on one
 * another. The claim commits at once, so no connection or lock is held during the delay.
 */
async function claimJob(db: Database): Promise<{ id: string; order_id: number } | undefined> {
  const { rows } = await db.query<{ id: string; order_id: number }>(
    `UPDATE order_jobs SET status = 'running', claimed_at = now(), attempts = attempts + 1
     WHERE id = (
       SELECT id FROM order_jobs
       WHERE status = 'queued' OR (status = 'running' AND claimed_at < now() - interval '${STALE_CLAIM}')
       ORDER BY id LIMIT 1
       FOR UPDATE SKIP LOCKED
     )
     RETURNING id, order_id`,
  );
  return rows[0];
}

async function completeJob(db: Database, job: { id: string; order_id: number }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE orders SET status = 'processed', processed_at = now() WHERE id = $1 AND status = 'pending'`,
      [job.order_id],
    );
    await tx.query('DELETE FROM order_jobs WHERE id = $1', [job.id]);
  });
}

async function requeueJob(db: Database, id: string): Promise<void> {
  await db.query(`UPDATE order_jobs SET status = 'queued', claimed_at = NULL WHERE id = $1`, [id]);
}

/**
 * The shop's asynchronous order processing (the origin's Celery worker): `count` loops take
 * jobs from the order_jobs table, "process" each for `processingDelayMs` and mark the order
 * processed.
 */
export function startOrderWorkers(db: Database, settings: WorkerSettings, log: ShopLogger): OrderWorkers {
  const abort = new AbortController();
  const poll = settings.pollIntervalMs ?? 50;
  const loop = async (index: number): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const job = await claimJob(db);
        if (!job) {
          await sleep(poll, abort.signal);
          continue;
        }
        await sleep(settings.processingDelayMs, abort.signal);
        if (abort.signal.aborted) {
          await requeueJob(db, job.id);
          break;
        }
        await completeJob(db, job);
      } catch (error) {
        if (abort.signal.aborted) break;
        log.error(`order worker ${index} failed: ${error instanceof Error ? error.message : String(error)}`);
        await sleep(Math.max(poll, 500), abort.signal);
      }
    }
  };
  const loops = Array.from({ length: settings.count }, (_, i) => loop(i));
  return {
    async stop() {
      abort.abort();
      await Promise.all(loops);
    },
  };
}
