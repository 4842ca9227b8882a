import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from './db.js';

export interface DomainEvent {
  type: string;
  /** Small: ids and a summary. Listeners read the rest from the database. */
  data: Record<string, unknown>;
  at: string;
}

const CHANNEL = 'tandem_events';

/** Events of transactions opened by `transactionThenPublish`, sent once they commit. */
const afterCommit = new WeakMap<Tx, DomainEvent[]>();

/**
 * Publishes an event as part of `tx`: PostgreSQL delivers NOTIFY only when the transaction
 * commits, so nobody hears of a change that rolled back. Every process listening gets it.
 */
export async function publishEvent(tx: Tx, type: string, data: Record<string, unknown>): Promise<void> {
  const event: DomainEvent = { type, data, at: new Date().toISOString() };
  const later = afterCommit.get(tx);
  if (later) later.push(event);
  else await notify(tx, [event]);
}

/** Several events of one type in one statement (a page of imported orders). */
export async function publishEvents(
  tx: Tx,
  type: string,
  data: readonly Record<string, unknown>[],
): Promise<void> {
  if (data.length === 0) return;
  const at = new Date().toISOString();
  const events = data.map((d) => ({ type, data: d, at }));
  const later = afterCommit.get(tx);
  if (later) later.push(...events);
  else await notify(tx, events);
}

const notify = (db: Tx, events: DomainEvent[]) =>
  db.execute(
    sql`select pg_notify(${CHANNEL}, e) from json_array_elements_text(${JSON.stringify(events.map((e) => JSON.stringify(e)))}::json) as e`,
  );

/**
 * Runs `work` in a transaction whose events are sent just after it commits instead of with its
 * commit. PostgreSQL lets only one notifying transaction commit at a time, so a busy path (a
 * register sale) keeps that out of its own commit. Still nothing is heard of a rollback; a crash
 * between the commit and the notification loses the notification, which is fine for what
 * listens to events (screens being told to look again), not for anything that must happen.
 */
export async function transactionThenPublish<T>(db: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  const events: DomainEvent[] = [];
  const result = await db.transaction((tx) => {
    afterCommit.set(tx, events);
    return work(tx);
  });
  // The work is committed: not being able to tell the screens must not make it look failed.
  if (events.length > 0) await notify(db, events).catch(() => undefined);
  return result;
}

/** Fans events out to subscribers in this process (the SSE streams, the mail worker). */
export class EventHub {
  private readonly emitter = new EventEmitter();
  private stopListening: (() => Promise<void>) | undefined;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async start(database: Database): Promise<void> {
    this.stopListening = await database.listen(CHANNEL, (payload) => {
      try {
        this.emitter.emit('event', JSON.parse(payload) as DomainEvent);
      } catch {
        // not ours
      }
    });
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.emitter.removeAllListeners();
  }
}
