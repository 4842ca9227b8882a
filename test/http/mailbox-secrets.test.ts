import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSession, ORIGIN, openTestApp, staffSession, type TestApp } from '../helpers/app.js';
import { mailTo } from '../helpers/mail.js';
import { startSmtpServer } from '../helpers/smtp.js';

type Headers = Record<string, string>;
let ips = 1;

/** What staff can read of the mailbox: every page of the list and every email opened, as one text. */
async function mailboxAsSeenBy(t: TestApp, headers: Headers): Promise<string> {
  const list = await t.app.inject({ method: 'GET', url: '/api/admin/emails?limit=200', headers });
  expect(list.statusCode, list.body).toBe(200);
  const ids = (list.json().data as { id: string }[]).map((e) => e.id);
  expect(ids.length).toBeGreaterThan(0);
  const opened = await Promise.all(
    ids.map((id) => t.app.inject({ method: 'GET', url: `/api/admin/emails/${id}`, headers })),
  );
  for (const res of opened) expect(res.statusCode).toBe(200);
  return [list.body, ...opened.map((r) => r.body)].join('\n');
}

/** The whole outbox as stored, every column of every row, as one text. */
async function outboxAsStored(t: TestApp): Promise<string> {
  const { rows } = await t.deps.database.query<{ row: string }>(
    'select row_to_json(m)::text as row from mail_outbox m',
  );
  return rows.map((r) => r.row).join('\n');
}

const tokenIn = (text: string, path: string) => {
  const match = new RegExp(`${path}\\?token=([\\w-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[1]!;
};

/** A quoted-printable body as its reader sees it (enough for the ASCII links and codes checked). */
const unquote = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

async function post(t: TestApp, url: string, payload: object, headers: Headers = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    remoteAddress: `10.9.0.${ips++}`,
    headers: { origin: ORIGIN, ...headers },
  });
}

/** Sells a virtual gift card at the register, emailed to `to`, and answers its code as emailed. */
async function sellGiftCard(t: TestApp, headers: Headers, to: string, key: string): Promise<string> {
  const sale = await post(
    t,
    '/api/pos/sales',
    { giftCards: [{ amount: 2500, ownerEmail: to }], payments: [{ method: 'cash', amount: 2500 }] },
    { ...headers, 'idempotency-key': key },
  );
  expect(sale.statusCode, sale.body).toBe(201);
  const [mail] = await mailTo(t.deps, to);
  return /Your code: ([\dA-Z ]+)\n/.exec(mail!.text)![1]!.replace(/ /g, '');
}

describe('the built-in mailbox (no SMTP)', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof staffSession>>;
  let manager: Awaited<ReturnType<typeof staffSession>>;
  let managerToken: Headers;
  /** Every secret the emails carried, as their recipients got them. */
  const secrets: string[] = [];
  let giftCode = '';

  beforeAll(async () => {
    t = await openTestApp();
    owner = await staffSession(t, 'owner');
    manager = await staffSession(t, 'manager');
    const created = await post(
      t,
      '/api/admin/api-tokens',
      { name: 'Reports', role: 'manager' },
      owner.headers,
    );
    expect(created.statusCode, created.body).toBe(201);
    managerToken = { authorization: `Bearer ${created.json().token}` };

    // An owner invites a second owner.
    const invited = await post(
      t,
      '/api/admin/staff',
      { email: 'new.owner@example.com', name: 'New Owner', role: 'owner' },
      owner.headers,
    );
    expect(invited.statusCode, invited.body).toBe(201);
    // A stranger signs up; a customer with an account asks for a reset; someone signs up again with it.
    expect(
      (await post(t, '/api/store/auth/register', { email: 'nina@example.com', password: 'Lilac-Rain-42' }))
        .statusCode,
    ).toBe(202);
    const otis = await customerSession(t, 'Otis');
    const otisEmail = otis.customer.email!;
    expect((await post(t, '/api/store/auth/password-reset', { email: otisEmail })).statusCode).toBe(202);
    expect(
      (await post(t, '/api/store/auth/register', { email: otisEmail, password: 'Lilac-Rain-42' })).statusCode,
    ).toBe(202);
    // A virtual gift card sold at the register, emailed to its owner.
    giftCode = await sellGiftCard(t, manager.headers, 'gift.owner@example.com', 'mailbox-card');

    const [invitation] = await mailTo(t.deps, 'new.owner@example.com');
    const [confirm] = await mailTo(t.deps, 'nina@example.com');
    const [already, reset] = await mailTo(t.deps, otisEmail);
    secrets.push(
      tokenIn(invitation!.text, '/accept-invitation'),
      tokenIn(confirm!.text, '/shop/confirm'),
      tokenIn(reset!.text, '/shop/reset-password'),
      tokenIn(already!.text, '/shop/reset-password'),
    );
    expect(giftCode).toMatch(/^6061\d{12}$/);
  });
  afterAll(() => t.close());

  const codeForms = () => [giftCode, giftCode.replace(/(.{4})(?=.)/g, '$1 '), giftCode.slice(0, 12)];

  it('shows a manager (signed in or by API token) no link and no gift card code, only that they were sent', async () => {
    for (const headers of [manager.headers, managerToken, owner.headers]) {
      const seen = await mailboxAsSeenBy(t, headers);
      for (const secret of [...secrets, ...codeForms()]) expect(seen).not.toContain(secret);
      // Still a useful mailbox: where each link leads, and which card was sent.
      expect(seen).toContain('/accept-invitation?token=•••');
      expect(seen).toContain('/shop/confirm?token=•••');
      expect(seen).toContain('/shop/reset-password?token=•••');
      expect(seen).toContain(`Your code: •••• ${giftCode.slice(-4)}`);
    }
  });

  it('gives a manager nothing to accept an owner invitation with', async () => {
    const seen = await mailboxAsSeenBy(t, manager.headers);
    const shown = /\/accept-invitation\?token=([^"\\\s<]+)/.exec(seen)![1]!;
    const res = await post(t, '/api/auth/invitation', { token: shown, password: 'Taken-Over-2026' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });

  it('keeps no secret in the clear in the outbox', async () => {
    const stored = await outboxAsStored(t);
    for (const secret of [...secrets, ...codeForms()]) expect(stored).not.toContain(secret);
  });
});

describe('the outbox with SMTP', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let manager: Awaited<ReturnType<typeof staffSession>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await openTestApp({ env: { SMTP_URL: smtp.url } });
    manager = await staffSession(t, 'manager');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends the secrets to the recipient alone, and keeps none of them once sent', async () => {
    expect(
      (await post(t, '/api/store/auth/register', { email: 'rosa@example.com', password: 'Lilac-Rain-42' }))
        .statusCode,
    ).toBe(202);
    const code = await sellGiftCard(t, manager.headers, 'lucky@example.com', 'smtp-card');
    const token = tokenIn((await mailTo(t.deps, 'rosa@example.com'))[0]!.text, '/shop/confirm');
    const secrets = [token, code, code.replace(/(.{4})(?=.)/g, '$1 ')];

    // Waiting to be sent: sealed, not in the clear.
    for (const secret of secrets) expect(await outboxAsStored(t)).not.toContain(secret);

    expect(await t.deps.mailer.deliverDue(t.deps.database.db)).toMatchObject({ sent: 2 });
    const to = (address: string) => unquote(smtp.received.find((m) => m.to.includes(address))!.raw);
    expect(to('rosa@example.com')).toContain(`/shop/confirm?token=${token}`);
    expect(to('lucky@example.com')).toContain(code.replace(/(.{4})(?=.)/g, '$1 '));

    const stored = await outboxAsStored(t);
    for (const secret of secrets) expect(stored).not.toContain(secret);
    const { rows } = await t.deps.database.query<{ status: string; sealed: string | null }>(
      'select status, sealed from mail_outbox',
    );
    expect(rows).toEqual([
      { status: 'sent', sealed: null },
      { status: 'sent', sealed: null },
    ]);
    const seen = await mailboxAsSeenBy(t, manager.headers);
    for (const secret of secrets) expect(seen).not.toContain(secret);
  });

  it('puts no header in a mail through a name with line breaks', async () => {
    smtp.received.length = 0;
    const eve = await customerSession(t, 'Eve\r\nBcc: victim@example.com\r\nX-Evil: 1');
    const sale = await post(
      t,
      '/api/pos/sales',
      {
        customerId: eve.customer.id,
        giftCards: [{ amount: 2000, ownerEmail: 'friend@example.com' }],
        payments: [{ method: 'cash', amount: 2000 }],
      },
      { ...manager.headers, 'idempotency-key': 'eve-sale' },
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const [listed] = (
      await t.app.inject({ method: 'GET', url: '/api/admin/emails?q=friend', headers: manager.headers })
    ).json().data as { subject: string }[];
    expect(listed!.subject).toMatch(/^Eve Bcc: victim@example\.com X-Evil: 1 sent you/);

    await t.deps.mailer.deliverDue(t.deps.database.db);
    const recipients = smtp.received.flatMap((m) => m.to);
    expect(recipients).toContain('friend@example.com');
    expect(recipients).not.toContain('victim@example.com');
    for (const mail of smtp.received) expect(mail.raw.split('\r\n\r\n')[0]).not.toMatch(/^(bcc|x-evil):/im);
  });
});

describe('mails kept from before secrets were hidden', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  it('lose their links and codes when the database is upgraded, except those still to be sent', async () => {
    const token = 'Zm9vYmFyLWJhei1xdXV4LWNvcmdlLWdyYXVsdC1nYXJwbHk';
    const legacy = (id: string, template: string, status: string, line: string) =>
      t.deps.database.query(
        'insert into mail_outbox (id, "to", subject, html, text, template, status) values ($1, $2, $3, $4, $5, $6, $7)',
        [id, 'old@example.com', 'Old', `<p>${line}</p>`, `${line}\n`, template, status],
      );
    await legacy(
      'eml_1',
      'account.password_reset',
      'sent',
      `Reset: http://shop/shop/reset-password?token=${token}`,
    );
    await legacy('eml_2', 'staff.invitation', 'kept', `Accept: http://shop/accept-invitation?token=${token}`);
    await legacy('eml_3', 'gift_card.issued', 'failed', 'Your code: 6061 2345 6789 0123');
    await legacy('eml_4', 'account.confirm', 'queued', `Confirm: http://shop/shop/confirm?token=${token}`);
    // The upgrade's statements after the new column, as the migration runs them.
    const migration = fs.readFileSync(
      path.resolve(import.meta.dirname, '../../migrations/0010_mail_sealed.sql'),
      'utf8',
    );
    for (const statement of migration.split('--> statement-breakpoint').slice(1)) {
      await t.deps.database.exec(statement);
    }
    const { rows } = await t.deps.database.query<{ id: string; html: string; text: string }>(
      'select id, html, text from mail_outbox order by id',
    );
    expect(rows).toEqual([
      {
        id: 'eml_1',
        html: '<p>Reset: http://shop/shop/reset-password?token=•••</p>',
        text: 'Reset: http://shop/shop/reset-password?token=•••\n',
      },
      {
        id: 'eml_2',
        html: '<p>Accept: http://shop/accept-invitation?token=•••</p>',
        text: 'Accept: http://shop/accept-invitation?token=•••\n',
      },
      { id: 'eml_3', html: '<p>Your code: •••• 0123</p>', text: 'Your code: •••• 0123\n' },
      {
        id: 'eml_4',
        html: `<p>Confirm: http://shop/shop/confirm?token=${token}</p>`,
        text: `Confirm: http://shop/shop/confirm?token=${token}\n`,
      },
    ]);
  });
});
