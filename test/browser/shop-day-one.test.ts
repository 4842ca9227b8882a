import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_PASSWORD } from '../../src/server/seed/demo.js';
import { type BrowserRig, openBrowserRig, receivedBy } from '../helpers/browser.js';

const SHOPPER = 'ava.adams0@example.com';
const WIDE = { width: 1366, height: 768 };
const NARROW = { width: 390, height: 844 };

/** A JSON call from the page, with the page's cookies; answers the status and the body. */
function call(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const res = await fetch(url, {
        method,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { method, url, body },
  );
}

/** Buys with a new card through the API from the shopper's browser, saving the card. */
async function buySavingCard(page: Page, itemId: string, number: string) {
  const token = await call(page, 'POST', '/api/payments/tokenize', { number, expiry: '1230', cvv: '123' });
  const res = await call(page, 'POST', '/api/store/checkout', {
    lines: [{ itemId, quantity: 1 }],
    payment: { cardToken: token.body.token, expiry: '1230', saveCard: true },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function fillCard(page: Page, number: string) {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry date (MM/YY)').fill('12/30');
  await page.getByLabel('Security code').fill('123');
}

async function fillAddress(page: Page, name: string) {
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Address line 1').fill('500 SW Broadway');
  await page.getByLabel('City').fill('Portland');
  await page.getByLabel('Region (optional)').fill('OR');
  await page.getByLabel('Postal code').fill('97205');
  await page.getByLabel('Country (2 letters)').fill('US');
}

/** Screenshots at a laptop's size and a phone's, back at the laptop's after. */
async function shots(rig: BrowserRig, page: Page, name: string) {
  await page.setViewportSize(WIDE);
  await rig.shot(page, `${name}-1366`);
  await page.setViewportSize(NARROW);
  await rig.shot(page, `${name}-390`);
  await page.setViewportSize(WIDE);
}

async function addToCart(page: Page, base: string, product: string) {
  await page.goto(`${base}/shop?q=${encodeURIComponent(product)}`);
  await page.getByRole('button', { name: `Add ${product} to the cart` }).click();
  await page.getByText(`${product} is in your cart.`).waitFor();
  await page.goto(`${base}/shop/checkout`);
}

describe('the shop on its first day', () => {
  let rig: BrowserRig;
  let owner: Page;
  let shopper: Page;
  let plans: { id: string; name: string; kind: string }[];
  let catalog: { id: string; name: string; available: number | null }[];

  beforeAll(async () => {
    rig = await openBrowserRig();
    owner = await rig.newPage();
    shopper = await rig.newPage();
    await shopper.setViewportSize(WIDE);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('the demo shopper finds a saved card chosen at checkout and on a plan page; the order’s address reads “Portland, OR 97205”', async () => {
    await shopper.goto(`${rig.base}/shop/login`);
    await shopper.getByLabel('Email').fill(SHOPPER);
    await shopper.getByLabel('Password').fill(DEMO_STAFF_PASSWORD);
    await shopper.getByRole('button', { name: 'Sign in' }).click();
    await shopper.waitForURL((url) => url.pathname.startsWith('/account'));

    plans = (await call(shopper, 'GET', '/api/store/plans')).body.data;
    catalog = (await call(shopper, 'GET', '/api/store/catalog?q=Hand%20Cream&limit=5')).body.data;
    const membership = plans.find((p) => p.name === 'Monthly Membership')!;
    const handCream = catalog.find((i) => i.name === 'Hand Cream 75 ml')!;
    // A membership bought on a Visa saved for its renewals, then a Mastercard saved on another order.
    await buySavingCard(shopper, membership.id, '4111111111111111');
    await buySavingCard(shopper, handCream.id, '5454545454545454');

    await addToCart(shopper, rig.base, 'Hand Cream 75 ml');
    await shopper.getByRole('heading', { name: 'Checkout' }).waitFor();
    // Saved cards come newest first, and the first is chosen: no card details to type.
    const newest = shopper.getByRole('radio', { name: /Mastercard •••• 5454/ });
    await newest.waitFor();
    expect(await newest.isChecked()).toBe(true);
    expect(await shopper.getByRole('radio', { name: /Visa •••• 1111/ }).isChecked()).toBe(false);
    expect(await shopper.getByRole('radio', { name: 'A new card' }).isChecked()).toBe(false);
    expect(await shopper.getByLabel('Card number').count()).toBe(0);
    await shots(rig, shopper, 'shop-day-one-checkout-saved-card');

    await shopper.getByRole('radio', { name: 'Deliver to my address' }).check();
    await fillAddress(shopper, 'Ava Adams');
    await shopper.getByRole('button', { name: /^Pay / }).click();
    await shopper.waitForURL(/\/account\/orders\/ord_/);
    const address = shopper.locator('dd.address');
    await address.waitFor();
    expect(await address.textContent()).toContain('Portland, OR 97205');
    expect(await address.textContent()).toContain('United States');
    await shots(rig, shopper, 'shop-day-one-order-address');

    const plan = plans.find((p) => p.kind === 'package') ?? membership;
    await shopper.goto(`${rig.base}/shop/plans/${plan.id}`);
    const planCard = shopper.getByRole('radio', { name: /Mastercard •••• 5454/ });
    await planCard.waitFor();
    expect(await planCard.isChecked()).toBe(true);
    await shots(rig, shopper, 'shop-day-one-plan-saved-card');
  });

  it('the shopper moves a recurring order onto another saved card', async () => {
    await shopper.goto(`${rig.base}/account/subscriptions`);
    await shopper.getByTestId('subscription-card').first().waitFor();
    expect(await shopper.getByTestId('subscription-card').first().textContent()).toMatch(/1111/);
    await shopper.getByRole('button', { name: 'Update card' }).first().click();
    // The card it renews on is not offered again: the other saved card is chosen.
    const mastercard = shopper.getByRole('radio', { name: /Mastercard •••• 5454/ });
    await mastercard.waitFor();
    expect(await mastercard.isChecked()).toBe(true);
    expect(await shopper.getByRole('radio', { name: /Visa •••• 1111/ }).count()).toBe(0);
    await shots(rig, shopper, 'shop-day-one-update-card');
    await shopper.getByRole('button', { name: 'Use this card' }).click();
    await shopper.getByText(/now renews on Mastercard •••• 5454/).waitFor();
    // The list is read again after the change: it shows the new card.
    await shopper.getByTestId('subscription-card').filter({ hasText: 'Mastercard •••• 5454' }).waitFor();
    const subscriptions = (await call(shopper, 'GET', '/api/store/account/subscriptions')).body.data;
    expect(subscriptions[0].card).toMatch(/5454/);
  });

  it('with guest checkout on, a guest buys, reads the receipt, and the account they create shows the order', async () => {
    // Off: the checkout sends a guest to sign in.
    const guest = await rig.newPage();
    await guest.setViewportSize(WIDE);
    await addToCart(guest, rig.base, 'Hand Cream 75 ml');
    await guest.waitForURL(`${rig.base}/shop/login`);

    await rig.signInOwner(owner);
    const switched = await call(owner, 'PATCH', '/api/admin/settings', { guestCheckout: true });
    expect(switched.status).toBe(200);

    const email = 'gwen.guest@example.com';
    await addToCart(guest, rig.base, 'Hand Cream 75 ml');
    await guest.getByRole('heading', { name: 'Checkout' }).waitFor();
    await guest.getByText('You are checking out as a guest').waitFor();
    expect(await guest.getByText('Save this card for next time').count()).toBe(0);
    await guest.getByRole('button', { name: /^Pay / }).click();
    await guest.getByRole('link', { name: 'Email' }).waitFor();
    await shots(rig, guest, 'shop-day-one-guest-checkout-errors');

    await guest.getByLabel('Email', { exact: true }).fill(email);
    await fillAddress(guest, 'Gwen Guest');
    await fillCard(guest, '4111111111111111');
    await shots(rig, guest, 'shop-day-one-guest-checkout');
    await guest.getByRole('button', { name: /^Pay / }).click();
    await guest.waitForURL(`${rig.base}/shop/order-placed`);
    const heading = await guest.getByRole('heading', { name: /Thank you for your order #\d+/ }).textContent();
    const number = /#(\d+)/.exec(heading ?? '')![1]!;
    await shots(rig, guest, 'shop-day-one-guest-thanks');

    // The receipt: the address in its country's order and an invitation with the email filled in.
    const receipt = await receivedBy(rig, email, '/shop/register?email=');
    expect(receipt.subject).toContain(`order #${number}`);
    expect(receipt.text).toContain('Portland, OR 97205');
    const invitation = /(https?:\/\/\S+\/shop\/register\?email=\S+)/.exec(receipt.text)![1]!;
    const mailbox = (await call(owner, 'GET', `/api/admin/emails?q=${encodeURIComponent(email)}`)).body.data;
    expect(mailbox[0].text).toContain('/shop/register?email=');

    await guest.goto(invitation);
    expect(await guest.getByLabel('Email').inputValue()).toBe(email);
    await guest.getByLabel('Password').fill('Gwen-Guest-2026!');
    await shots(rig, guest, 'shop-day-one-guest-sign-up');
    await guest.getByRole('button', { name: 'Create account' }).click();
    const confirm = await receivedBy(rig, email, '/shop/confirm?token=');
    await guest.goto(/(https?:\/\/\S+\/shop\/confirm\?token=\S+)/.exec(confirm.text)![1]!);
    await guest.getByRole('heading', { name: 'Your account is ready' }).waitFor();
    await guest.goto(`${rig.base}/account/orders`);
    await guest.waitForURL(`${rig.base}/shop/login`);
    await guest.getByLabel('Email').fill(email);
    await guest.getByLabel('Password').fill('Gwen-Guest-2026!');
    await guest.getByRole('button', { name: 'Sign in' }).click();
    await guest.waitForURL(`${rig.base}/account/orders`);
    await guest.getByText(`#${number}`).first().waitFor();
    await shots(rig, guest, 'shop-day-one-guest-account-orders');
    const mine = (await call(guest, 'GET', '/api/store/account/orders')).body.data as { number: number }[];
    expect(mine.map((o) => o.number)).toEqual([Number(number)]);
  });

  it('a guest order with the email of an account joins it only from the link in its receipt', async () => {
    const email = 'gwen.guest@example.com';
    const stranger = await rig.newPage();
    await stranger.setViewportSize(WIDE);
    await addToCart(stranger, rig.base, 'Hand Cream 75 ml');
    await stranger.getByLabel('Email', { exact: true }).fill(email);
    await stranger.getByRole('radio', { name: 'Collect in store' }).check();
    await fillCard(stranger, '4111111111111111');
    await stranger.getByRole('button', { name: /^Pay / }).click();
    await stranger.waitForURL(`${rig.base}/shop/order-placed`);

    // The account holder (signed in in the previous journey's browser) reads the receipt and opens its link.
    const receipt = await receivedBy(rig, email, '/shop/claim-order?token=');
    const link = /(https?:\/\/\S+\/shop\/claim-order\?token=\S+)/.exec(receipt.text)![1]!;
    const page = await rig.newPage();
    await page.goto(`${rig.base}/shop/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('Gwen-Guest-2026!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/account'));
    expect((await call(page, 'GET', '/api/store/account/orders')).body.data).toHaveLength(1);
    await page.goto(link);
    await page.getByRole('button', { name: 'Add the order to my account' }).waitFor();
    await shots(rig, page, 'shop-day-one-claim-order');
    await page.getByRole('button', { name: 'Add the order to my account' }).click();
    await page.waitForURL(/\/account\/orders\/ord_/);
    expect((await call(page, 'GET', '/api/store/account/orders')).body.data).toHaveLength(2);

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
