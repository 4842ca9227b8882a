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

/**
 * Publishes an event as part of `tx`: PostgreSQL delivers NOTIFY only when the transaction
 * commits, so nobody hears of a change that rolled back. Every process listening gets it.
 */
export async function publishEvent(tx: Tx, type: string, data: Record<string, unknown>): Promise<void> {
  const event: DomainEvent = { type, data, at: new Date().toISOString() };
  await tx.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`);
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
