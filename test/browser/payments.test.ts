import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCardPointeEmulator } from '../../emulators/cardpointe/server.js';
import { chargeCard, reconcileSalePayments } from '../../src/server/modules/payments/index.js';
import { systemActor } from '../../src/server/platform/auth.js';
import { type BrowserRig, openBrowserRig, signUpAndSignIn } from '../helpers/browser.js';

const CUSTOMER = { name: 'Avery Quinn', email: 'avery@example.com', password: 'Copper-Lantern-Rain-8' };

describe('card payments in a real browser, with the sandbox gateway', () => {
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

  it('a customer saves a card in My account: a mistyped number is caught, a decline says why', async () => {
    // The sandbox's tokenizer is Tandem's own: the pages may not frame anything.
    const page = await customer.goto(`${rig.base}/shop/login`);
    expect(page?.headers()['content-security-policy']).toContain("frame-src 'none'");
    await signUpAndSignIn(rig, customer, CUSTOMER, '/account/cards');
    await customer.getByRole('heading', { name: 'Saved cards', level: 1 }).waitFor();
    await customer.getByText('No saved cards yet.').waitFor();

    // The pages send the number to the tokenizer only: record every request that carries it.
    const carriedNumber: string[] = [];
    customer.on('request', (request) => {
      const body = request.postData() ?? '';
      if (/4387751111111053|4111111111111111|4111111111111112/.test(body + request.url())) {
        carriedNumber.push(new URL(request.url()).pathname);
      }
    });

    await customer.getByRole('button', { name: 'Add a card' }).click();
    const number = customer.getByLabel('Card number');
    await number.fill('4111 1111 1111 1112');
    await customer.getByLabel('Expiry date (MM/YY)').fill('12/30');
    await customer.getByLabel('Security code').fill('123');
    await customer.getByRole('button', { name: 'Save card' }).click();
    await customer.getByText('This card number is not valid: check the digits').waitFor();
    expect(await number.getAttribute('aria-invalid')).toBe('true');
    expect(carriedNumber).toEqual([]);

    // A card the bank declines: the gateway's reason is shown, and nothing is saved.
    await number.fill('4387 7511 1111 1053');
    await customer.getByRole('button', { name: 'Save card' }).click();
    const declined = customer.getByRole('alert').filter({ hasText: 'The card was declined' });
    await declined.waitFor();
    expect(await declined.textContent()).toMatch(/insufficient funds|decline/i);
    await rig.shot(customer, 'account-card-declined');

    await number.fill('4111 1111 1111 1111');
    await customer.getByRole('button', { name: 'Save card' }).click();
    await customer.getByRole('status').filter({ hasText: 'Visa •••• 1111 is saved.' }).waitFor();
    const saved = customer.getByRole('list', { name: 'Saved cards' }).getByRole('listitem');
    await saved.filter({ hasText: 'Visa •••• 1111' }).filter({ hasText: 'Expires 12/30' }).waitFor();
    expect(await saved.count()).toBe(1);
    await rig.shot(customer, 'account-saved-cards');

    // Only the tokenizer ever saw a card number.
    expect(new Set(carriedNumber)).toEqual(new Set(['/api/payments/tokenize']));
  });

  it('staff see the customer’s saved card masked, and every card check in Payments', async () => {
    await owner.goto(`${rig.base}/admin/customers`);
    await owner.getByLabel('Search by name, email or phone').fill(CUSTOMER.email);
    await owner.getByRole('button', { name: 'Search' }).click();
    await owner.getByRole('link', { name: CUSTOMER.name }).click();
    const cards = owner.getByRole('list', { name: 'Saved cards' });
    await cards.getByText('Visa •••• 1111').waitFor();
    expect(await cards.textContent()).not.toMatch(/4111\s*1111/);

    await owner.getByRole('link', { name: 'Payments' }).click();
    await owner.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();
    const rows = owner.locator('tbody tr');
    await rows.first().waitFor();
    // The declined card check and the approved one, newest first.
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Authorised');
    expect(await rows.nth(1).textContent()).toContain('Declined');
    expect(await rows.nth(0).textContent()).toContain(CUSTOMER.name);

    await owner.getByLabel('Status').selectOption('declined');
    await owner.getByRole('button', { name: 'Filter' }).click();
    await owner.waitForURL(/status=declined/);
    await owner.getByText('Visa •••• 1053').waitFor();
    await expect.poll(() => rows.count()).toBe(1);

    await owner.getByRole('button', { name: 'Clear' }).click();
    await owner.getByLabel('Last 4 digits, order or reference').fill('1111');
    await owner.getByRole('button', { name: 'Filter' }).click();
    await owner.waitForURL(/q=1111/);
    await owner.getByText('Visa •••• 1053').waitFor({ state: 'detached' });
    await rows.filter({ hasText: 'Visa •••• 1111' }).first().waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    await rig.shot(owner, 'admin-payments');
  });

  it('staff refund part of a settled payment from its page, with the gateway’s answer shown', async () => {
    const deps = { db: rig.deps.database.db, gateway: rig.deps.gateway };
    const token = await rig.deps.gateway.tokenize({ number: '4444333322221111', expiry: '1230' });
    const { payment } = await chargeCard(deps, {
      amount: 4250,
      card: { token, expiry: '1230' },
      entry: 'in_store',
      purpose: 'sale',
      actor: systemActor,
    });
    expect(payment.status).toBe('captured');

    await owner.goto(`${rig.base}/admin/payments/${payment.id}`);
    await owner.getByRole('heading', { name: 'Payment of $42.50' }).waitFor();
    await owner.getByText('A — approved').waitFor();
    expect(await owner.getByText(payment.retref!).count()).toBeGreaterThan(0);

    // Before the gateway settles, only the whole payment can be given back.
    await owner.getByRole('button', { name: 'Refund' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Refund this payment' });
    const amount = dialog.getByLabel('Amount to refund');
    expect(await amount.inputValue()).toBe('42.50');
    await amount.fill('50');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.getByText('At most $42.50 can be refunded').first().waitFor();
    await amount.fill('10');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'has not settled this payment yet' }).waitFor();
    await rig.shot(owner, 'admin-refund-not-settled');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The gateway's nightly batch settles it; then part of it can be refunded.
    const settled = await fetch(new URL('/__emulator/settle', rig.deps.gatewaySiteUrl), { method: 'POST' });
    expect(settled.ok).toBe(true);
    await owner.getByRole('button', { name: 'Refund' }).click();
    await dialog.getByLabel('Amount to refund').fill('10');
    await dialog.getByLabel('Reason').fill('Colour touch-up not done');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await owner.getByRole('status').filter({ hasText: '$10.00 was refunded.' }).waitFor();
    await owner.getByText('Partially refunded').first().waitFor();
    const calls = owner.getByRole('table', { name: 'Calls to the gateway' }).locator('tbody tr');
    expect(await calls.count()).toBe(2);
    expect(await calls.nth(1).textContent()).toContain('Colour touch-up not done');
    await rig.shot(owner, 'admin-payment-refunded');
  });

  it('a charge whose sale never wrote its order is given back, and Payments says so', async () => {
    const deps = { db: rig.deps.database.db, gateway: rig.deps.gateway };
    const token = await rig.deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
    await chargeCard(deps, {
      amount: 1875,
      card: { token, expiry: '1230' },
      entry: 'in_store',
      purpose: 'sale',
      actor: systemActor,
    });
    // As the settling job finds it once the grace period is over, the server having stopped
    // between the charge and the order.
    await reconcileSalePayments(deps, 0);

    await owner.goto(`${rig.base}/admin/payments`);
    const row = owner.getByRole('row').filter({ hasText: '$18.75' });
    await row.getByText('no order written: given back').waitFor();
    expect(await row.textContent()).toContain('Voided');
    await rig.shot(owner, 'admin-payments-given-back');
    await row.getByRole('link').first().click();
    await owner.getByRole('heading', { name: 'Payment of $18.75' }).waitFor();
    await owner
      .getByText(/No order was written for this sale/)
      .first()
      .waitFor();
    const calls = owner.getByRole('table', { name: 'Calls to the gateway' }).locator('tbody tr');
    expect(await calls.count()).toBe(2);
    expect(await calls.nth(1).textContent()).toMatch(/Void/);
  });

  it('a payment taken for an order is refunded on that order, which the page names', async () => {
    const send = (path: string, data: object) =>
      owner.request.post(`${rig.base}${path}`, {
        data,
        headers: { origin: rig.base, 'idempotency-key': `order-payment-${path}` },
      });
    const item = await (
      await send('/api/admin/items', {
        kind: 'product',
        sku: 'BRUSH-1',
        name: 'Boar brush',
        price: 3000,
        cost: 1000,
        taxRate: 0,
        trackStock: false,
      })
    ).json();
    const token = await rig.deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
    const sale = await send('/api/pos/sales', {
      lines: [{ itemId: item.id, quantity: 1 }],
      payments: [{ method: 'card', amount: 3000, cardToken: token, expiry: '1230' }],
    });
    expect(sale.status()).toBe(201);
    const order = await sale.json();
    await fetch(new URL('/__emulator/settle', rig.deps.gatewaySiteUrl), { method: 'POST' });

    await owner.goto(`${rig.base}/admin/payments/${order.tenders[0].paymentId}`);
    const orderLink = owner.getByRole('link', { name: `Order #${order.number}` });
    await orderLink.waitFor();
    await owner.getByRole('button', { name: 'Refund' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Refund this payment' });
    await dialog.getByText(`the refund is made on order #${order.number}`).waitFor();
    await dialog.getByLabel('Amount to refund').fill('5');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await owner
      .getByRole('status')
      .filter({ hasText: `$5.00 was refunded on order #${order.number}.` })
      .waitFor();

    // The order shows it: partly refunded, with the refund in its history.
    await orderLink.click();
    await owner.getByRole('heading', { name: `Order #${order.number}` }).waitFor();
    await owner.getByText('Partially refunded').first().waitFor();
    await owner
      .getByText(/\$5\.00 back to the card/)
      .first()
      .waitFor();
    await rig.shot(owner, 'admin-order-refunded-from-payment');
  });

  it('the owner tests the gateway connection in Settings; the customer removes the card', async () => {
    await owner.goto(`${rig.base}/admin/settings`);
    await owner.getByRole('heading', { name: 'Card gateway' }).waitFor();
    await owner.getByRole('button', { name: 'Test connection' }).click();
    await owner.getByText(/^Connected\./).waitFor();
    await rig.shot(owner, 'admin-settings-gateway');

    await customer.reload();
    await customer.getByRole('button', { name: 'Remove Visa •••• 1111' }).click();
    const dialog = customer.getByRole('dialog', { name: 'Remove this card?' });
    await dialog.getByRole('button', { name: 'Remove card' }).click();
    await customer.getByRole('status').filter({ hasText: 'Visa •••• 1111 was removed.' }).waitFor();
    await customer.getByText('No saved cards yet.').waitFor();

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});

describe('the card form with CardPointe’s hosted iFrame tokenizer', () => {
  let emulator: Awaited<ReturnType<typeof startCardPointeEmulator>>;
  let rig: BrowserRig;
  let owner: Page;
  let customer: Page;

  beforeAll(async () => {
    emulator = await startCardPointeEmulator({ host: '127.0.0.1', port: 0 });
    rig = await openBrowserRig({
      PAYMENT_GATEWAY: 'cardpointe',
      CARDPOINTE_URL: emulator.url,
      CARDPOINTE_MERCHANT_ID: emulator.merchantId,
      CARDPOINTE_USERNAME: emulator.username,
      CARDPOINTE_PASSWORD: emulator.password,
    });
    owner = await rig.newPage();
    customer = await rig.newPage();
    await rig.signInOwner(owner);
  });

  afterAll(async () => {
    await rig?.close();
    await emulator?.close();
  });

  it('the number is typed into the gateway’s frame; Tandem receives only the token', async () => {
    const sentToTandem: string[] = [];
    customer.on('request', (request) => {
      if (request.url().startsWith(rig.base))
        sentToTandem.push(`${request.url()} ${request.postData() ?? ''}`);
    });
    // The one frame the pages may hold is the gateway's tokenizer.
    const page = await customer.goto(`${rig.base}/shop/login`);
    expect(page?.headers()['content-security-policy']).toContain(
      `frame-src ${new URL(emulator.url).origin};`,
    );
    await signUpAndSignIn(rig, customer, CUSTOMER, '/account/cards');
    await customer.getByRole('button', { name: 'Add a card' }).click();
    const frame = customer.frameLocator('iframe[title="Card number and security code"]');
    await frame.getByLabel('Credit Card Number').fill('4788250000121443');
    await frame.getByLabel('CVV').fill('321');
    await frame.getByLabel('CVV').blur();
    await customer.getByLabel('Expiry date (MM/YY)').fill('09/31');
    await rig.shot(customer, 'account-card-iframe-form');
    await customer.getByRole('button', { name: 'Save card' }).click();
    await customer.getByRole('status').filter({ hasText: 'Visa •••• 1443 is saved.' }).waitFor();
    await customer.getByText('Expires 09/31').waitFor();
    await rig.shot(customer, 'account-card-iframe');

    // The card number went to the gateway's tokenizer, never to Tandem.
    expect(sentToTandem.some((line) => line.includes('4788250000121443'))).toBe(false);
    expect(sentToTandem.some((line) => line.includes('/api/store/account/payment-methods'))).toBe(true);
    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
