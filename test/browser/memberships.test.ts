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
    // The owner makes the demo shop's monthly membership's discount come off everything.
    await owner.goto(`${rig.base}/admin/items?q=MEM-001`);
    await owner.getByRole('link', { name: 'Monthly Membership' }).click();
    await owner.getByLabel('Discount on').selectOption('all');
    await owner.getByRole('button', { name: 'Save item' }).click();
    await owner.getByRole('status').filter({ hasText: 'Item saved' }).waitFor();

    await signUpAndSignIn(rig, customer, MEMBER, '/account');
    // The customer picks it and buys it with a new card, saved.
    await customer.getByRole('link', { name: 'Packages & memberships' }).click();
    await customer.getByRole('link', { name: 'See Monthly Membership' }).click();
    const facts = customer.getByTestId('plan-facts');
    await facts.getByText('15% off everything while the membership is active').waitFor();
    await facts.getByText('every month on the day you join, until you cancel').waitFor();
    await customer.getByLabel('Card number').fill('4111 1111 1111 1111');
    await customer.getByLabel('Expiry date (MM/YY)').fill('12/30');
    await customer.getByLabel('Security code').fill('123');
    const save = customer.getByRole('checkbox', { name: /Save this card/ });
    expect(await save.isChecked()).toBe(true);
    expect(await save.isDisabled()).toBe(true);
    await customer.getByRole('button', { name: 'Review' }).click();
    const review = customer.getByTestId('plan-review');
    await review.getByText('Monthly Membership').waitFor();
    await review.getByText('the card ending 1111 (saved)').waitFor();
    await rig.shot(customer, 'shop-membership-review');
    await customer.getByRole('button', { name: 'Confirm and pay $49.00' }).click();
    await customer.getByText(/^Thank you! Order #\d+ is placed/).waitFor();

    // A member now: the shop's cart takes 15 % off a product, as checkout will.
    await customer.goto(`${rig.base}/shop`);
    await customer
      .getByRole('button', { name: /^Add .* to the cart$/ })
      .first()
      .click();
    await customer.goto(`${rig.base}/shop/cart`);
    const cents = (text: string | null) => Math.round(Number((text ?? '').replace(/[^0-9.]/g, '')) * 100);
    const price = cents(await customer.locator('.cart-line-price').first().textContent());
    const discount = customer.getByTestId('member-discount');
    await discount.waitFor();
    expect(cents(await discount.textContent())).toBe(Math.round((price * 15) / 100));
    await customer.getByText('Monthly Membership discount').waitFor();
    await rig.shot(customer, 'shop-cart-member-discount');

    await customer.goto(`${rig.base}/account/subscriptions`);
    const plan = customer.getByRole('article').filter({ hasText: 'Monthly Membership' });
    await plan.getByTestId('subscription-card').getByText('Visa •••• 1111').waitFor();
    const nextPayment = () =>
      customer.evaluate(async () => {
        const res = await fetch('/api/store/account/subscriptions');
        return ((await res.json()) as { data: { nextPaymentAt: string }[] }).data[0]!.nextPaymentAt;
      });
    const first = await nextPayment();

    // Staff renew it from the back office: the month is charged and the next one shows.
    await owner.goto(`${rig.base}/admin/memberships`);
    const row = owner.locator('tbody tr').filter({ hasText: MEMBER.name });
    await row.getByRole('button', { name: 'Renew now: Monthly Membership' }).click();
    await owner
      .getByRole('status')
      .filter({ hasText: 'Monthly Membership renewed: the payment went through.' })
      .waitFor();
    await customer.reload();
    await plan.getByTestId('next-payment').waitFor();
    const second = await nextPayment();
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
      .filter({ hasText: 'Monthly Membership now renews on Mastercard •••• 5454' })
      .waitFor();
    await plan.getByTestId('subscription-card').getByText('Mastercard •••• 5454').waitFor();
    await rig.shot(customer, 'account-recurring-card-updated');

    // The next renewal, by the scheduled job on its day, charges the new card.
    expect((await renewAt(second)).approved).toBe(1);
    const renewals = await rig.deps.database.query<{ last4: string }>(
      `select p.last4 from subscription_renewals r join payments p on p.id = r.payment_id order by r.created_at`,
    );
    expect(renewals.rows.map((r) => r.last4)).toEqual(['1111', '5454']);

    // The emails, as the owner's mailbox holds them.
    expect((await emailTo(owner, MEMBER.email, 'will be charged to Mastercard')).subject).toBe(
      'Your Monthly Membership now renews on Mastercard •••• 5454',
    );
    expect((await emailTo(owner, MEMBER.email, '1 × Monthly Membership: $49.00')).subject).toMatch(
      /^Your receipt from .+ — order #\d+$/,
    );
    expect((await emailTo(owner, MEMBER.email, 'We charged $49.00 to Mastercard •••• 5454')).subject).toMatch(
      /^Your Monthly Membership is renewed \(receipt #\d+\)$/,
    );
    await owner.goto(`${rig.base}/admin/mailbox`);
    await owner.getByText('Your Monthly Membership now renews on Mastercard •••• 5454').first().waitFor();
    await owner
      .getByText(/^Your Monthly Membership is renewed/)
      .first()
      .waitFor();
    await rig.shot(owner, 'mailbox-membership-card-updated');

    // Staff see it among the upcoming renewals, and pause it.
    await owner.goto(`${rig.base}/admin/memberships`);
    await owner.getByRole('heading', { name: 'Memberships', level: 1 }).waitFor();
    await row.getByText('Mastercard •••• 5454').waitFor();
    await row.getByText('Monthly Membership').waitFor();
    await row.getByRole('button', { name: 'Pause: Monthly Membership' }).click();
    await owner.getByRole('status').filter({ hasText: 'Monthly Membership is now paused.' }).waitFor();
    await row.getByText('Paused').waitFor();
    await rig.shot(owner, 'admin-memberships');

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
