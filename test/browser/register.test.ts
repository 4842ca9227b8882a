import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, openBrowserRig, receivedBy, signInDemoCashier } from '../helpers/browser.js';

const SHOPPER = { name: 'Sam Online', email: 'sam@example.com', password: 'Violet-Harbour-Kite-5' };

describe('the register and online orders in a real browser', () => {
  let rig: BrowserRig;
  let owner: Page;
  let cashier: Page;
  let shopper: Page;

  beforeAll(async () => {
    rig = await openBrowserRig();
    owner = await rig.newPage();
    cashier = await rig.newPage();
    shopper = await rig.newPage();
    await rig.signInOwner(owner);
    await signInDemoCashier(rig, cashier);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('a cashier sells two items, paid partly in cash and partly by card', async () => {
    const search = cashier.getByLabel('Search, or scan a barcode');
    await search.fill('Curl Cream');
    await cashier.getByRole('button', { name: 'Find' }).click();
    const items = cashier.getByRole('list', { name: 'Items' });
    await items.getByRole('button', { name: /Curl Cream 150 ml/ }).click();
    await items.getByRole('button', { name: /Curl Cream 150 ml/ }).click();
    await search.fill('Blow-dry');
    await cashier.getByRole('button', { name: 'Find' }).click();
    await items.getByRole('button', { name: /^Blow-dry/ }).click();

    const cart = cashier.getByRole('list', { name: 'Cart' });
    await cart.getByText('Blow-dry').waitFor();
    // 2 × 22.00 (+ 8.25 % tax on products in the demo) and a 35.00 blow-dry.
    const charge = cashier.getByRole('button', { name: /^Charge \$/ });
    const chargeText = (await charge.textContent()) ?? '';
    const total = Number(chargeText.replace(/[^0-9.]/g, ''));
    expect(total).toBeGreaterThan(79);
    await rig.shot(cashier, 'pos-cart');
    await charge.click();

    const pay = cashier.getByRole('dialog');
    await pay.getByLabel('Cash handed over').fill('20');
    await pay.getByRole('button', { name: 'Take cash' }).click();
    await pay.getByText(`To pay: $${(total - 20).toFixed(2)}`).waitFor();
    await pay.getByLabel('Card number').fill('4111 1111 1111 1111');
    await pay.getByLabel('Expiry date (MM/YY)').fill('12/30');
    await pay.getByLabel('Security code').fill('123');
    await pay.getByRole('button', { name: /^Add card payment of/ }).click();
    await pay.getByText(/to charge to the card on completing/).waitFor();
    await rig.shot(cashier, 'pos-payment');
    await pay.getByRole('button', { name: 'Complete sale' }).click();

    const done = cashier.getByRole('heading', { name: /^Sale #\d+ complete$/ });
    await done.waitFor();
    const number = ((await done.textContent()) ?? '').replace(/\D/g, '');
    await rig.shot(cashier, 'pos-sale-done');

    await cashier.getByRole('link', { name: 'Print receipt' }).click();
    await cashier.getByRole('heading', { name: `Receipt #${number}` }).waitFor();
    await cashier.getByText('Visa •••• 1111').waitFor();
    await rig.shot(cashier, 'pos-receipt');

    await cashier.getByRole('link', { name: 'Transactions' }).click();
    await cashier.getByRole('link', { name: `#${number}` }).waitFor();
  });

  it('an online order alerts the register; the cashier ships it and the shopper is emailed', async () => {
    await cashier.goto(`${rig.base}/pos/transactions`);
    await cashier.getByRole('heading', { name: 'Transactions' }).waitFor();

    // The shopper signs up and buys online (the shop's checkout API, from their own browser).
    await shopper.goto(`${rig.base}/shop/login`);
    const registered = await shopper.evaluate(async (s) => {
      const headers = { 'content-type': 'application/json', accept: 'application/json' };
      return (await fetch('/api/store/auth/register', { method: 'POST', headers, body: JSON.stringify(s) }))
        .status;
    }, SHOPPER);
    const { text } = await receivedBy(rig, SHOPPER.email, '/shop/confirm?token=');
    const link = /(https?:\/\/\S+\/shop\/confirm\?token=\S+)/.exec(text)![1]!;
    await shopper.goto(link);
    await shopper.getByRole('heading', { name: 'Your account is ready' }).waitFor();
    await shopper.goto(`${rig.base}/shop/login`);
    await shopper.getByLabel('Email').fill(SHOPPER.email);
    await shopper.getByLabel('Password').fill(SHOPPER.password);
    await shopper.getByRole('button', { name: 'Sign in' }).click();
    await shopper.waitForURL(`${rig.base}/account`);
    expect(registered).toBe(202);

    // The shop: find the lip balm, two in the cart, checkout with a new card saved for next time.
    await shopper.goto(`${rig.base}/shop`);
    await shopper.getByLabel('Search the shop').fill('Lip Balm');
    await shopper.getByRole('button', { name: 'Search' }).click();
    const add = shopper.getByRole('button', { name: 'Add Lip Balm Trio to the cart' });
    await shopper.getByRole('heading', { name: 'Lip Balm Trio' }).waitFor();
    await add.click();
    await add.click();
    await shopper.getByRole('status').filter({ hasText: 'Lip Balm Trio is in your cart.' }).waitFor();
    await rig.shot(shopper, 'shop-catalog');
    await shopper.getByRole('link', { name: 'Cart (2)' }).click();
    await shopper.getByRole('list', { name: 'Cart' }).getByText('Lip Balm Trio').waitFor();
    await rig.shot(shopper, 'shop-cart');
    await shopper.getByRole('link', { name: 'Checkout' }).click();
    await shopper.getByRole('heading', { name: 'Checkout' }).waitFor();
    // A required field left empty is named before anything is charged.
    await shopper.getByLabel('Address line 1').fill('');
    await shopper.getByRole('button', { name: /^Pay \$/ }).click();
    await shopper.locator('#checkout-line1-error').waitFor();
    await shopper.getByLabel('Address line 1').fill('9 Harbour Road');
    await shopper.getByLabel('City').fill('Seattle');
    await shopper.getByLabel('Postal code').fill('98101');
    await shopper.getByLabel('Country (2 letters)').fill('US');
    await shopper.getByLabel('Card number').fill('4111 1111 1111 1111');
    await shopper.getByLabel('Expiry date (MM/YY)').fill('11/31');
    await shopper.getByLabel('Security code').fill('321');
    await shopper.getByLabel('Save this card for next time').check();
    await rig.shot(shopper, 'shop-checkout');
    await shopper.getByRole('button', { name: /^Pay \$/ }).click();
    const placedHeading = shopper.getByRole('heading', { name: /^Order #\d+$/ });
    await placedHeading.waitFor();
    await shopper.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
    await rig.shot(shopper, 'shop-order-placed');
    const number = Number(((await placedHeading.textContent()) ?? '').replace(/\D/g, ''));

    // Every open register hears of it at once.
    const alert = cashier.getByText(`New online order #${number}`);
    await alert.waitFor();
    await rig.shot(cashier, 'pos-online-alert');
    await cashier.getByRole('tab', { name: 'Online' }).click();
    await cashier.getByRole('link', { name: `#${number}` }).click();
    await cashier.getByRole('heading', { name: `Order #${number}` }).waitFor();
    await cashier.getByText('9 Harbour Road').waitFor();

    // Cancelling would give the shopper's money back, which is for a manager: not offered.
    const moves = await cashier.getByLabel('Change status to').locator('option').allTextContents();
    expect(moves).toContain('Shipped');
    expect(moves).not.toContain('Cancelled');
    await cashier.getByText('an owner or manager cancels or refunds it').waitFor();

    // Shipping asks for the courier and tracking id.
    await cashier.getByLabel('Change status to').selectOption('shipped');
    await cashier.getByRole('button', { name: 'Change status' }).click();
    await cashier.locator('#ship-courier-error').waitFor();
    await cashier.getByLabel('Courier').fill('UPS');
    await cashier.getByLabel('Tracking id').fill('1Z999AA10123456784');
    await cashier.getByRole('button', { name: 'Change status' }).click();
    await cashier.getByRole('status').filter({ hasText: 'is now shipped' }).waitFor();
    await cashier.getByText('Shipped with UPS, tracking id 1Z999AA10123456784').waitFor();
    await rig.shot(cashier, 'pos-order-shipped');

    // The shopper's email, read in the mailbox.
    await owner.goto(`${rig.base}/admin/mailbox`);
    await owner.getByText(`Your order #${number} is on its way`).first().click();
    await owner.getByRole('tab', { name: 'Text' }).click();
    await owner.getByText('https://www.ups.com/track?tracknum=1Z999AA10123456784').waitFor();
    await rig.shot(owner, 'mailbox-shipped-email');
  });

  it('the back office lists orders with filters and shows the sales report', async () => {
    await owner.goto(`${rig.base}/admin/orders`);
    await owner.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    // The demo shop's sixty days of orders, and today's.
    const rows = owner.locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(30);
    await owner.getByLabel('Channel').selectOption('online');
    await owner.getByLabel('Order number, customer or email').fill('Sam Online');
    await owner.getByRole('button', { name: 'Filter' }).click();
    await owner.waitForURL(/channel=online/);
    await owner.getByText('Sam Online').first().waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    await rig.shot(owner, 'admin-orders');

    await owner.getByRole('link', { name: 'Reports' }).click();
    await owner.getByRole('heading', { name: 'Sales report' }).waitFor();
    const byChannel = owner.getByRole('table', { name: 'By channel' });
    await byChannel.getByText('In store').waitFor();
    await byChannel.getByText('Online').waitFor();
    await owner.getByText(/Net sales are without tax, after discounts and refunds/).waitFor();
    await owner.getByRole('img', { name: /Net sales by day/ }).waitFor();
    await rig.shot(owner, 'admin-reports');

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
