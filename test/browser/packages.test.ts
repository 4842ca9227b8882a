import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueuedRefunds } from '../../src/server/modules/payments/index.js';
import {
  type BrowserRig,
  emailTo,
  openBrowserRig,
  signInDemoCashier,
  signUpAndSignIn,
} from '../helpers/browser.js';

const HOLDER = {
  name: 'Paige Package',
  email: 'paige.package@example.com',
  password: 'Amber-Field-Lantern-4',
};

describe('a package in a real browser', () => {
  let rig: BrowserRig;
  let owner: Page;
  let customer: Page;
  let cashier: Page;

  beforeAll(async () => {
    rig = await openBrowserRig();
    owner = await rig.newPage();
    customer = await rig.newPage();
    cashier = await rig.newPage();
    await rig.signInOwner(owner);
    await signInDemoCashier(rig, cashier);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('bought in the shop, a credit spent at the register, shown in My account, refunded pro rata', async () => {
    await signUpAndSignIn(rig, customer, HOLDER, '/account');
    // The shop lists it with what it includes; the customer reviews it and pays with a new card.
    await customer.getByRole('link', { name: 'Packages & memberships' }).click();
    const offer = customer.getByRole('listitem').filter({ hasText: '10 Blow-dries' });
    await offer.getByText('10 × Blow-dry · valid 90 days').waitFor();
    await offer.getByRole('link', { name: 'See 10 Blow-dries' }).click();
    await customer.getByTestId('plan-facts').getByText('90 days from purchase').waitFor();
    // Its contents, products or services, under one word.
    await customer.getByTestId('plan-facts').getByText('Included', { exact: true }).waitFor();
    expect(await customer.getByText('Services included').count()).toBe(0);
    await customer.getByLabel('Card number').fill('4111 1111 1111 1111');
    await customer.getByLabel('Expiry date (MM/YY)').fill('12/30');
    await customer.getByLabel('Security code').fill('123');
    await customer.getByRole('button', { name: 'Review' }).click();
    await customer.getByTestId('plan-review').getByText('the card ending 1111').waitFor();
    await customer.getByRole('button', { name: 'Confirm and pay $300.00' }).click();
    await customer.getByText(/^Thank you! Order #\d+ is placed/).waitFor();
    expect((await emailTo(owner, HOLDER.email, '1 × 10 Blow-dries: $300.00')).subject).toMatch(
      /^Your receipt from .+ — order #\d+$/,
    );

    // At the register the blow-dry is paid with a credit, and the sale comes to nothing.
    await cashier.goto(`${rig.base}/pos`);
    await cashier.getByLabel('Customer (optional)').fill('Paige');
    await cashier
      .getByRole('list', { name: 'Matching customers' })
      .getByRole('button', { name: /Paige Package/ })
      .click();
    await cashier
      .getByTestId('customer-perks')
      .getByText('10 Blow-dries: 10 Blow-dry credits left', { exact: false })
      .waitFor();
    await cashier.getByLabel('Search, or scan a barcode').fill('Blow-dry');
    await cashier.getByRole('button', { name: 'Find' }).click();
    await cashier
      .getByRole('list', { name: 'Items' })
      .getByRole('button', { name: /^Blow-dry/ })
      .click();
    await cashier.getByRole('list', { name: 'Cart' }).getByTestId('credit-used').waitFor();
    await rig.shot(cashier, 'pos-package-credit');
    await cashier.getByRole('button', { name: 'Complete sale: nothing to pay' }).click();
    const pay = cashier.getByRole('dialog');
    await pay.getByText('Paid in full').waitFor();
    await pay.getByRole('button', { name: 'Complete sale' }).click();
    await cashier.getByRole('heading', { name: /^Sale #\d+ complete$/ }).waitFor();
    expect((await emailTo(owner, HOLDER.email, 'Blow-dry (1 package credit used)')).text).toContain('$0.00');

    // My account shows the credits left.
    await customer.goto(`${rig.base}/account/packages`);
    const mine = customer.getByRole('article').filter({ hasText: '10 Blow-dries' });
    await mine.getByText('1 of 10').waitFor();
    expect(await mine.getByTestId('credits-left').textContent()).toBe('9');
    await rig.shot(customer, 'account-packages');

    // The back office refunds the package: what it gives back is shown before confirming.
    await owner.goto(`${rig.base}/admin/customers`);
    await owner.getByRole('link', { name: 'Paige Package' }).click();
    const held = owner.getByRole('article').filter({ hasText: '10 Blow-dries' });
    await held.getByText('1 of 10').waitFor();
    await held.getByRole('link', { name: /\d/ }).click();
    await owner.getByRole('button', { name: 'Refund' }).click();
    const refund = owner.getByRole('dialog', { name: /^Refund order #\d+$/ });
    await refund.getByLabel('10 Blow-dries (up to 1)').fill('1');
    await refund
      .getByTestId('package-refund')
      .getByText('Only the unused value is refunded: $270.00 of $300.00 (9 of 10 credits left).', {
        exact: false,
      })
      .waitFor();
    await rig.shot(owner, 'admin-package-refund');
    // The card payment has not settled yet: the credits end now, and the unused value is owed to
    // the card until the gateway's batch has settled the payment.
    await refund.getByRole('button', { name: 'Refund' }).click();
    await owner.getByText('Partially refunded').first().waitFor();
    await owner
      .getByTestId('card-refunds')
      .getByText('Refund pending: $270.00 to the card', { exact: false })
      .waitFor();
    await customer.reload();
    await mine.getByText('Refunded').waitFor();
    expect(await mine.getByTestId('credits-left').textContent()).toBe('0');
    const settled = await fetch(new URL('/__emulator/settle', rig.deps.gatewaySiteUrl), { method: 'POST' });
    expect(settled.ok).toBe(true);
    const sent = await sendQueuedRefunds({ db: rig.deps.database.db, gateway: rig.deps.gateway });
    expect(sent.sent).toBe(1);
    await owner.reload();
    await owner.getByText('$270.00 back to the card', { exact: false }).waitFor();
    expect(await owner.getByTestId('card-refunds').count()).toBe(0);

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
