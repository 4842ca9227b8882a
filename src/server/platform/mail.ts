import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Tx } from './db.js';
import { newId } from './ids.js';
import { mailOutbox } from './schema.js';

export interface MailMessage {
  to: string;
  subject: string;
  /** Null sends plain text alone. */
  html: string | null;
  text: string;
  /** Which template made it, for the mailbox list. */
  template: string;
}

/** Seconds to wait before attempt n+1; after the last, the mail is marked failed. */
const retryDelays = [30, 60, 120, 300, 600, 1800, 3600, 3600 * 3, 3600 * 6, 3600 * 12];
/** A claimed mail not settled within this time (a crash mid-send) is tried again. */
const CLAIM_SECONDS = 300;
const BATCH = 20;

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Emails are written to the outbox in the transaction that causes them, and sent by the worker
 * after commit: a rollback sends nothing, and SMTP being down loses nothing.
 */
export class Mailer {
  private transport: Transporter | undefined;

  constructor(private readonly options: { smtpUrl: string | undefined; from: string }) {}

  /** True when mail leaves through SMTP; otherwise it stays in the built-in mailbox. */
  get delivers(): boolean {
    return this.options.smtpUrl !== undefined;
  }

  async queue(tx: Tx, message: MailMessage): Promise<string> {
    const id = newId('eml');
    await tx.insert(mailOutbox).values({
      id,
      ...message,
      status: this.delivers ? 'queued' : 'kept',
    });
    if (this.delivers) await tx.execute(sql`select pg_notify('tandem_mail', ${id})`);
    return id;
  }

  /** Sends what is due, a batch at a time, until nothing is left; safe to run from several workers. */
  async deliverDue(db: Tx, now = () => new Date()): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    if (!this.delivers) return report;
    for (;;) {
      const claimed = await this.claim(db, now());
      if (claimed.length === 0) return report;
      for (const mail of claimed) {
        try {
          const info = await this.smtp().sendMail({
            from: this.options.from,
            to: mail.to,
            subject: mail.subject,
            ...(mail.html ? { html: mail.html } : {}),
            text: mail.text,
          });
          await db
            .update(mailOutbox)
            .set({ status: 'sent', sentAt: now(), messageId: info.messageId ?? null, lastError: null })
            .where(eq(mailOutbox.id, mail.id));
          report.sent++;
        } catch (err) {
          const delay = retryDelays[mail.attempts - 1];
          const message = err instanceof Error ? err.message.slice(0, 500) : 'unknown error';
          await db
            .update(mailOutbox)
            .set(
              delay === undefined
                ? { status: 'failed', lastError: message }
                : { lastError: message, nextAttemptAt: new Date(now().getTime() + delay * 1000) },
            )
            .where(eq(mailOutbox.id, mail.id));
          if (delay === undefined) report.failed++;
          else report.retried++;
        }
      }
    }
  }

  /** Moves due mails' next attempt past the claim window, so no other worker takes them meanwhile. */
  private async claim(db: Tx, now: Date) {
    return db.transaction(async (tx) => {
      const due = await tx
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(and(eq(mailOutbox.status, 'queued'), lte(mailOutbox.nextAttemptAt, now)))
        .orderBy(mailOutbox.nextAttemptAt)
        .limit(BATCH)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      return tx
        .update(mailOutbox)
        .set({
          attempts: sql`${mailOutbox.attempts} + 1`,
          nextAttemptAt: new Date(now.getTime() + CLAIM_SECONDS * 1000),
        })
        .where(
          inArray(
            mailOutbox.id,
            due.map((d) => d.id),
          ),
        )
        .returning();
    });
  }

  private smtp(): Transporter {
    this.transport ??= nodemailer.createTransport({
      url: this.options.smtpUrl!,
      pool: true,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return this.transport;
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
