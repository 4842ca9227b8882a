import PgBoss from 'pg-boss';
import type { Database } from './db.js';

export interface JobDefinition<T extends object = object> {
  name: string;
  /** `signal` aborts when the worker stops: a long job ends early, leaving the rest for later. */
  handler: (data: T, signal: AbortSignal) => Promise<void>;
  /** Cron (UTC) on which the job is sent with empty data. */
  cron?: string;
  retryLimit?: number;
  /** Seconds before the first retry; doubled each time with retryBackoff. */
  retryDelay?: number;
  retryBackoff?: boolean;
  pollingIntervalSeconds?: number;
  /**
   * `stately`: at most one job of a singleton key queued and one running (a connection's sync runs
   * one at a time, across processes).
   */
  policy?: 'standard' | 'stately';
  /** How long a job may run before pg-boss takes it for lost and fails it. */
  expireInSeconds?: number;
}

export interface SendOptions {
  /** Seconds from now, or a date. */
  startAfter?: number | Date;
  singletonKey?: string;
}

/**
 * Background jobs on pg-boss in the `pgboss` schema of Tandem's own database. Web processes only
 * send; worker processes also work the queues and run the cron schedules.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly stopping = new AbortController();

  constructor(
    database: Database,
    private readonly options: { work: boolean; onError: (err: Error) => void },
  ) {
    const executeSql = async (text: string, values?: unknown[]) =>
      values && values.length > 0 ? database.query(text, values) : database.exec(text);
    this.boss = new PgBoss({
      db: { executeSql },
      schema: 'pgboss',
      supervise: options.work,
      schedule: options.work,
      migrate: true,
    });
    this.boss.on('error', options.onError);
  }

  define<T extends object>(definition: JobDefinition<T>): void {
    this.definitions.set(definition.name, definition as unknown as JobDefinition);
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const d of this.definitions.values()) {
      await this.boss.createQueue(d.name, {
        name: d.name,
        retryLimit: d.retryLimit ?? 5,
        retryDelay: d.retryDelay ?? 30,
        retryBackoff: d.retryBackoff ?? true,
        ...(d.policy ? { policy: d.policy } : {}),
        ...(d.expireInSeconds ? { expireInSeconds: d.expireInSeconds } : {}),
      });
      if (!this.options.work) continue;
      await this.boss.work<object>(
        d.name,
        { pollingIntervalSeconds: d.pollingIntervalSeconds ?? 2, batchSize: 1 },
        async ([job]) => {
          if (job) await d.handler(job.data, this.stopping.signal);
        },
      );
      if (d.cron) await this.boss.schedule(d.name, d.cron, {}, { tz: 'UTC' });
    }
  }

  async send(name: string, data: object = {}, options: SendOptions = {}): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`Unknown job ${name}`);
    return this.boss.send(name, data, {
      ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    });
  }

  async job(name: string, id: string) {
    return this.boss.getJobById(name, id);
  }

  async schedules() {
    return this.boss.getSchedules();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000, close: false });
  }
}
