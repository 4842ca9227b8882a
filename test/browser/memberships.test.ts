import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewDueSubscriptions } from '../../src/server/modules/memberships/index.js';
import { type BrowserRig, emailTo, openBrowserRig, signUpAndSignIn } from '../helpers/browser.js';

const MEMBER = { name: 'Morgan Member', email: 'morgan.member@example.com', password: 'Quiet-River-Stone-7' };

describe('a membership in a real browser', () => {
  let rig: BrowserRig;
  let owner: Page;
  let customer: Page;

  beforeAll(async () => {
    rig = await openBrowserRig();
    owner = await rig.newPage();
    customer = await rig.newPage();
    await rig.signInOwner(owner);
  });

  afterAll(async () => {
    await rig?.close();
  });

  const renewAt = (iso: string) =>
    renewDueSubscriptions({
      db: rig.deps.database.db,
      gateway: rig.deps.gateway,
      mailer: rig.deps.mailer,
      now: () => new Date(new Date(iso).getTime() + 60_000),
      accountUrl: `${rig.base}/account/subscriptions`,
    });

  it('bought with a saved card, renewed, its card replaced in My account, the next renewal on the new card', async () => {
    await signUpAndSignIn(rig, owner, customer, MEMBER, '/account');
    // The demo shop's monthly membership, bought with a new card the customer saves.
    const membershipId = await owner.evaluate(async () => {
      const items = (await (await fetch('/api/admin/items?limit=200&q=Monthly%20Membership')).json()) as {
        data: { id: string; name: string }[];
      };
      return items.data.find((i) => i.name === 'Monthly Membership')!.id;
    });
    const bought = await customer.evaluate(async (membershipId) => {
      const json = { 'content-type': 'application/json', accept: 'application/json' };
      const { token } = (await (
        await fetch('/api/payments/tokenize', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ number: '4111111111111111', expiry: '1230', cvv: '123' }),
        })
      ).json()) as { token: string };
      const res = await fetch('/api/store/checkout', {
        method: 'POST',
        headers: { ...json, 'idempotency-key': 'buy-membership' },
        body: JSON.stringify({
          lines: [{ itemId: membershipId, quantity: 1 }],
          payment: { cardToken: token, expiry: '1230', saveCard: true },
        }),
      });
      return { status: res.status, body: await res.text() };
    }, membershipId);
    expect(bought.status, bought.body).toBe(201);

    await customer.goto(`${rig.base}/account/subscriptions`);
    const plan = customer.getByRole('article').filter({ hasText: 'Monthly Membership' });
    await plan.getByTestId('subscription-card').getByText('VISA •••• 1111').waitFor();
    const first = await customer.evaluate(async () => {
      const res = await fetch('/api/store/account/subscriptions');
      return ((await res.json()) as { data: { nextPaymentAt: string }[] }).data[0]!.nextPaymentAt;
    });

    // The renewal runs on its day: the month is charged and the next one shows.
    expect((await renewAt(first)).approved).toBe(1);
    await customer.reload();
    await plan.getByTestId('next-payment').waitFor();
    const second = await customer.evaluate(async () => {
      const res = await fetch('/api/store/account/subscriptions');
      return ((await res.json()) as { data: { nextPaymentAt: string }[] }).data[0]!.nextPaymentAt;
    });
    expect(new Date(second).getTime()).toBeGreaterThan(new Date(first).getTime());
    await rig.shot(customer, 'account-recurring-orders');

    // The customer replaces the card with a new one.
    await plan.getByRole('button', { name: 'Update card' }).click();
    const dialog = customer.getByRole('dialog', { name: 'Update the card' });
    await dialog.getByLabel('Card number').fill('5454 5454 5454 5454');
    await dialog.getByLabel('Expiry date (MM/YY)').fill('11/29');
    await dialog.getByLabel('Security code').fill('456');
    await dialog.getByRole('button', { name: 'Use this card' }).click();
    await customer
      .getByRole('status')
      .filter({ hasText: 'Monthly Membership now renews on MC •••• 5454' })
      .waitFor();
    await plan.getByTestId('subscription-card').getByText('MC •••• 5454').waitFor();
    await rig.shot(customer, 'account-recurring-card-updated');

    // The next renewal charges the new card.
    expect((await renewAt(second)).approved).toBe(1);
    const renewals = await rig.deps.database.query<{ last4: string }>(
      `select p.last4 from subscription_renewals r join payments p on p.id = r.payment_id order by r.created_at`,
    );
    expect(renewals.rows.map((r) => r.last4)).toEqual(['1111', '5454']);

    // The emails, as the owner's mailbox holds them.
    expect((await emailTo(owner, MEMBER.email, 'will be charged to MC')).subject).toBe(
      'Your Monthly Membership now renews on MC •••• 5454',
    );
    await owner.goto(`${rig.base}/admin/mailbox`);
    await owner.getByText('Your Monthly Membership now renews on MC •••• 5454').first().waitFor();
    await rig.shot(owner, 'mailbox-membership-card-updated');

    // Staff see it among the upcoming renewals, and pause it.
    await owner.goto(`${rig.base}/admin/memberships`);
    await owner.getByRole('heading', { name: 'Memberships', level: 1 }).waitFor();
    const row = owner.locator('tbody tr').filter({ hasText: 'MC •••• 5454' });
    await row.getByText('Monthly Membership').waitFor();
    await row.getByRole('button', { name: 'Pause: Monthly Membership' }).click();
    await owner.getByRole('status').filter({ hasText: 'Monthly Membership is now paused.' }).waitFor();
    await row.getByText('Paused').waitFor();
    await rig.shot(owner, 'admin-memberships');

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
