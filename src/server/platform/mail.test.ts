import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { freePort, startSmtpServer } from '../../../test/helpers/smtp.js';
import { GiftCardVault } from '../modules/giftcards/code-vault.js';
import { renderMail } from '../modules/notifications/templates.js';
import { Mailer } from './mail.js';

const sealer = new GiftCardVault(randomBytes(32));

const message = (to: string) => ({
  to,
  template: 'test',
  ...renderMail({
    businessName: 'Juniper',
    subject: 'Hello <there>',
    heading: 'Hi',
    paragraphs: ['Café & crème'],
  }),
});

async function outbox(t: TestDatabase) {
  return (
    await t.database.query<{
      to: string;
      status: string;
      attempts: number;
      last_error: string | null;
      next_attempt_at: Date;
    }>('select "to", status, attempts, last_error, next_attempt_at from mail_outbox order by id')
  ).rows;
}

describe('mail outbox', () => {
  let t: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    t = await openTestDatabase();
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
    await t.close();
  });
  afterEach(async () => {
    await t.database.exec('delete from mail_outbox');
    smtp.received.length = 0;
  });

  it('never sends a mail queued in a transaction that rolled back', async () => {
    const mailer = new Mailer({ smtpUrl: smtp.url, from: 'shop@juniper.example', sealer });
    await expect(
      t.database.db.transaction(async (tx) => {
        await mailer.queue(tx, message('ghost@example.com'));
        throw new Error('the order failed');
      }),
    ).rejects.toThrow('the order failed');
    expect(await mailer.deliverDue(t.database.db)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await outbox(t)).toEqual([]);
    expect(smtp.received).toEqual([]);
    mailer.close();
  });

  it('hides the links and codes of a mail queued before secrets were sealed, once it is sent', async () => {
    const mailer = new Mailer({ smtpUrl: smtp.url, from: 'shop@juniper.example', sealer });
    // As an older version queued it: the secret in the body, nothing sealed.
    await t.database.query(
      `insert into mail_outbox (id, "to", template, subject, html, text, status, next_attempt_at)
       values ('eml_legacy', 'old@example.com', 'account.password_reset', 'Reset',
               '<a href="http://shop/reset?token=Secret-Token_1">Reset</a>',
               'http://shop/reset?token=Secret-Token_1 Your code: 7788 1234 5678 4821', 'queued',
               now() - interval '1 minute')`,
    );
    expect(await mailer.deliverDue(t.database.db)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received[0]!.raw).toContain('Secret-Token_1');
    const { rows } = await t.database.query<{ html: string; text: string }>(
      "select html, text from mail_outbox where id = 'eml_legacy'",
    );
    expect(JSON.stringify(rows)).not.toMatch(/Secret-Token_1|7788 1234 5678/);
    expect(rows[0]!.text).toBe('http://shop/reset?token=••• Your code: •••• 4821');
    mailer.close();
  });

  it('delivers a committed mail through SMTP with an HTML and a text part', async () => {
    const mailer = new Mailer({ smtpUrl: smtp.url, from: 'shop@juniper.example', sealer });
    await t.database.db.transaction((tx) => mailer.queue(tx, message('ann@example.com')));
    expect(await mailer.deliverDue(t.database.db)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['ann@example.com']);
    expect(mail!.from).toBe('shop@juniper.example');
    expect(mail!.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail!.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail!.raw).toMatch(/Subject: Hello <there>/);
    expect(mail!.raw).toContain('&amp; cr');
    expect((await outbox(t))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    // Nothing is sent twice.
    expect(await mailer.deliverDue(t.database.db)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    mailer.close();
  });

  it('keeps a mail when SMTP is down and sends it on a later attempt', async () => {
    const port = await freePort();
    const mailer = new Mailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'shop@juniper.example', sealer });
    await t.database.db.transaction((tx) => mailer.queue(tx, message('bea@example.com')));
    expect(await mailer.deliverDue(t.database.db)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [waiting] = await outbox(t);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(new Date(waiting!.next_attempt_at).getTime()).toBeGreaterThan(Date.now());
    // Not due yet: nothing is tried.
    expect(await mailer.deliverDue(t.database.db)).toEqual({ sent: 0, retried: 0, failed: 0 });

    const revived = await startSmtpServer(port);
    const later = () => new Date(Date.now() + 60_000);
    expect(await mailer.deliverDue(t.database.db, later)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(revived.received).toHaveLength(1);
    expect((await outbox(t))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    mailer.close();
    await revived.close();
  });

  it('keeps mail in the built-in mailbox when no SMTP server is configured', async () => {
    const mailer = new Mailer({ smtpUrl: undefined, from: 'shop@localhost', sealer });
    await t.database.db.transaction((tx) => mailer.queue(tx, message('cat@example.com')));
    expect(await mailer.deliverDue(t.database.db)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect((await outbox(t))[0]).toMatchObject({ to: 'cat@example.com', status: 'kept' });
  });
});
