import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Tx } from './db.js';
import { newId } from './ids.js';
import { mailOutbox } from './schema.js';

/** A part of an email only its recipient may read, and what the mailbox shows staff instead. */
export interface MailSecret {
  value: string;
  shown: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  /** Null sends plain text alone. */
  html: string | null;
  text: string;
  /** Which template made it, for the mailbox list. */
  template: string;
  /** Every place these appear, in any part, is hidden from staff and kept sealed until sent. */
  secrets?: readonly MailSecret[] | undefined;
}

/** Seals with a key kept out of the database (the gift card vault's). */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

interface MailBody {
  subject: string;
  html: string | null;
  text: string;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The body with every secret replaced by what staff may see of it, as written and HTML-escaped. */
export function redactSecrets(body: MailBody, secrets: readonly MailSecret[]): MailBody {
  const hide = (part: string) =>
    secrets.reduce(
      (out, s) => out.replaceAll(s.value, s.shown).replaceAll(escapeHtml(s.value), escapeHtml(s.shown)),
      part,
    );
  const shown = {
    subject: hide(body.subject),
    html: body.html === null ? null : hide(body.html),
    text: hide(body.text),
  };
  // A secret that still shows (written some other way) must not reach the mailbox: refuse to queue.
  for (const s of secrets) {
    if (
      s.value.length < 4 ||
      [shown.subject, shown.html ?? '', shown.text].some((p) => p.includes(s.value))
    ) {
      throw new Error('a secret of this email could not be hidden from the mailbox');
    }
  }
  return shown;
}

/** Seconds to wait before attempt n+1; after the last, the mail is marked failed. */
const retryDelays = [30, 60, 120, 300, 600, 1800, 3600, 3600 * 3, 3600 * 6, 3600 * 12];
/** A claimed mail not settled within this time (a crash mid-send) is tried again. */
const CLAIM_SECONDS = 300;
const BATCH = 20;

/** A header value on one line: CR, LF and other line breaks become spaces. */
export const stripLineBreaks = (value: string) => value.replace(/[\r\n\u2028\u2029\v\f\u0085]+/g, ' ');

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/** What an older version's mails held in plain text: one-time links and gift card codes. */
const LEGACY_LINK = 'token=[A-Za-z0-9_-]+';
const LEGACY_CODE = 'Your code: (?:[0-9A-Za-z]{1,4} )*([0-9A-Za-z]{1,4})';

/**
 * Emails are written to the outbox in the transaction that causes them, and sent by the worker
 * after commit: a rollback sends nothing, and SMTP being down loses nothing.
 */
export class Mailer {
  private transport: Transporter | undefined;

  constructor(private readonly options: { smtpUrl: string | undefined; from: string; sealer: Sealer }) {}

  /** True when mail leaves through SMTP; otherwise it stays in the built-in mailbox. */
  get delivers(): boolean {
    return this.options.smtpUrl !== undefined;
  }

  /**
   * Staff see the mail with its secrets hidden; the recipient's own copy is sealed beside it and
   * dropped once the mail is sent or given up on.
   */
  async queue(tx: Tx, message: MailMessage): Promise<string> {
    const id = newId('eml');
    const { secrets = [], to, template, ...body } = message;
    await tx.insert(mailOutbox).values({
      id,
      to: stripLineBreaks(to),
      template,
      ...redactSecrets({ ...body, subject: stripLineBreaks(body.subject) }, secrets),
      sealed: secrets.length > 0 ? this.options.sealer.seal(JSON.stringify(body)) : null,
      status: this.delivers ? 'queued' : 'kept',
      // In this process's milliseconds, as delivery compares it: the database's now() has
      // microseconds, which would leave a mail delivered in the same millisecond for the next run.
      nextAttemptAt: new Date(),
    });
    if (this.delivers) await tx.execute(sql`select pg_notify('tandem_mail', ${id})`);
    return id;
  }

  /**
   * What a mail's body keeps once it is sent or given up on. A mail with secrets had them sealed
   * apart, and its body never held them; one queued before that (by an older version) still holds
   * its links and codes in plain text: they are hidden now, as the upgrade hid those of mail
   * already sent.
   */
  private static afterDelivery(mail: { sealed: string | null }) {
    if (mail.sealed !== null) return { sealed: null };
    const hide = (column: typeof mailOutbox.text | typeof mailOutbox.html) =>
      sql`regexp_replace(regexp_replace(${column}, ${LEGACY_LINK}, ${'token=•••'}, 'g'), ${LEGACY_CODE}, ${'Your code: •••• \\1'}, 'g')`;
    return { sealed: null, text: hide(mailOutbox.text), html: hide(mailOutbox.html) };
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
          const body = this.recipientCopy(mail);
          const info = await this.smtp().sendMail({
            from: this.options.from,
            to: mail.to,
            subject: stripLineBreaks(body.subject),
            ...(body.html ? { html: body.html } : {}),
            text: body.text,
          });
          await db
            .update(mailOutbox)
            .set({
              status: 'sent',
              sentAt: now(),
              messageId: info.messageId ?? null,
              lastError: null,
              ...Mailer.afterDelivery(mail),
            })
            .where(eq(mailOutbox.id, mail.id));
          report.sent++;
        } catch (err) {
          const delay = retryDelays[mail.attempts - 1];
          const message = err instanceof Error ? err.message.slice(0, 500) : 'unknown error';
          await db
            .update(mailOutbox)
            .set(
              delay === undefined
                ? { status: 'failed', lastError: message, ...Mailer.afterDelivery(mail) }
                : { lastError: message, nextAttemptAt: new Date(now().getTime() + delay * 1000) },
            )
            .where(eq(mailOutbox.id, mail.id));
          if (delay === undefined) report.failed++;
          else report.retried++;
        }
      }
    }
  }

  /** The mail as its recipient gets it: with its secrets, while it still has them. */
  recipientCopy(mail: {
    subject: string;
    html: string | null;
    text: string;
    sealed: string | null;
  }): MailBody {
    if (mail.sealed === null) return { subject: mail.subject, html: mail.html, text: mail.text };
    return JSON.parse(this.options.sealer.open(mail.sealed)) as MailBody;
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
