import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_PASSWORD } from '../../src/server/seed/demo.js';
import { customers, items } from '../../src/server/tables.js';
import { type BrowserRig, openBrowserRig } from '../helpers/browser.js';

const SHOPPER = 'ava.adams0@example.com';
const WIDE = { width: 1366, height: 768 };
const NARROW = { width: 390, height: 844 };

/** The shop's checkout as the signed-in shopper's browser calls it, with a new card; answers the order. */
function checkout(page: Page, body: { lines: unknown[]; shipping: boolean; saveCard?: boolean }) {
  return page.evaluate(async ({ lines, shipping, saveCard }) => {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const token = await (
      await fetch('/api/payments/tokenize', {
        method: 'POST',
        headers,
        body: JSON.stringify({ number: '4111111111111111', expiry: '1230', cvv: '123' }),
      })
    ).json();
    const res = await fetch('/api/store/checkout', {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        lines,
        ...(shipping
          ? {
              shippingAddress: {
                line1: '12 Juniper Lane',
                city: 'Portland',
                region: 'OR',
                postalCode: '97201',
                country: 'US',
              },
            }
          : {}),
        payment: { cardToken: token.token, expiry: '1230', saveCard: saveCard ?? false },
      }),
    });
    const order = await res.json();
    if (res.status !== 201) throw new Error(`checkout answered ${res.status}: ${JSON.stringify(order)}`);
    return order as { id: string; number: number; total: number };
  }, body);
}

const digits = (text: string | null) => (text ?? '').replace(/\D/g, '');

describe('the back office on a shop’s first day', () => {
  let rig: BrowserRig;
  let owner: Page;
  let shopper: Page;
  const itemId = async (name: string) =>
    (await rig.deps.database.db.select({ id: items.id }).from(items).where(eq(items.name, name)))[0]!.id;
  let placed: { membership: number; shipped: number; pkg: number };

  beforeAll(async () => {
    rig = await openBrowserRig();
    owner = await rig.newPage();
    await owner.setViewportSize(WIDE);
    shopper = await rig.newPage();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('announces each online order on whatever page the owner is on, and the Orders list shows it', async () => {
    await rig.signInOwner(owner);
    await owner.goto(`${rig.base}/admin/items`);
    await owner.getByRole('heading', { name: 'Items', level: 1 }).waitFor();

    await shopper.goto(`${rig.base}/shop/login`);
    await shopper.getByLabel('Email').fill(SHOPPER);
    await shopper.getByLabel('Password').fill(DEMO_STAFF_PASSWORD);
    await shopper.getByRole('button', { name: 'Sign in' }).click();
    await shopper.waitForURL((url) => url.pathname.startsWith('/account'));

    const membership = await checkout(shopper, {
      lines: [{ itemId: await itemId('Monthly Membership'), quantity: 1 }],
      shipping: false,
      saveCard: true,
    });
    const toast = owner.locator('.order-alerts-toast');
    await toast.getByText(`New online order #${membership.number}`).waitFor();
    await owner.getByRole('heading', { name: 'Items', level: 1 }).waitFor();
    await rig.shot(owner, 'day-one-toast-items');

    // Another page: the Orders list, which takes in the next order without being reloaded.
    await owner
      .getByRole('navigation', { name: 'Back office' })
      .getByRole('link', { name: 'Orders' })
      .click();
    await owner.getByRole('link', { name: `#${membership.number}`, exact: true }).waitFor();
    const shipped = await checkout(shopper, {
      lines: [
        { itemId: await itemId('Lip Balm Trio'), quantity: 1 },
        { giftCard: { amount: 5000, recipientEmail: SHOPPER, message: 'A treat for me' } },
      ],
      shipping: true,
    });
    await toast.getByText(`New online order #${shipped.number}`).waitFor();
    await owner.getByRole('link', { name: `#${shipped.number}`, exact: true }).waitFor();
    expect(owner.url()).toBe(`${rig.base}/admin/orders`);
    await rig.shot(owner, 'day-one-toast-orders');

    // The alert opens its order, and goes once opened.
    await toast
      .locator('.order-alert', { hasText: `#${shipped.number}` })
      .getByRole('link', { name: 'Open order' })
      .click();
    await owner.getByRole('heading', { name: `Order #${shipped.number}` }).waitFor();
    expect(await toast.getByText(`New online order #${shipped.number}`).count()).toBe(0);
    await toast.locator('.order-alert').getByRole('button', { name: 'Dismiss' }).click();
    expect(await toast.locator('.order-alert').count()).toBe(0);

    const pkg = await checkout(shopper, {
      lines: [{ itemId: await itemId('10 Blow-dries'), quantity: 1 }],
      shipping: false,
    });
    await toast.getByText(`New online order #${pkg.number}`).waitFor();
    await toast.locator('.order-alert').getByRole('button', { name: 'Dismiss' }).click();
    placed = { membership: membership.number, shipped: shipped.number, pkg: pkg.number };
  });

  it('shows today and this week by channel against last week, and what needs doing, each linked to its list', async () => {
    await owner.goto(`${rig.base}/admin`);
    await owner.getByRole('heading', { name: 'Today' }).waitFor();
    const figures = await owner.evaluate(async () => (await fetch('/api/admin/overview')).json());
    expect(figures.timeZone).toBe('America/Los_Angeles');
    const online = figures.sales.today.byChannel.find((c: { channel: string }) => c.channel === 'online');
    expect(online.orders).toBeGreaterThanOrEqual(3);

    // The page shows the server's figures.
    const todayTable = owner.getByRole('table', { name: /^Today/ });
    expect(digits(await todayTable.getByRole('link', { name: 'Today, Online: orders' }).textContent())).toBe(
      String(online.net),
    );
    const tile = (label: RegExp) => owner.locator('.overview-tile', { hasText: label });
    expect(
      await tile(/to ship/)
        .locator('.overview-figure')
        .textContent(),
    ).toBe(String(figures.toShip));
    expect(figures.toShip).toBeGreaterThanOrEqual(1);
    expect(
      await tile(/low on stock/)
        .locator('.overview-figure')
        .textContent(),
    ).toBe(String(figures.lowStock));
    expect(
      await tile(/renewing/)
        .locator('.overview-figure')
        .textContent(),
    ).toBe(String(figures.memberships.due));
    await rig.shot(owner, 'day-one-overview-wide');
    await owner.setViewportSize(NARROW);
    await rig.shot(owner, 'day-one-overview-narrow');
    await owner.setViewportSize(WIDE);

    // Today's online sales open the orders of today online: the three just placed are there.
    await todayTable.getByRole('link', { name: 'Today, Online: orders' }).click();
    await owner.waitForURL((url) => url.pathname === '/admin/orders');
    const params = new URL(owner.url()).searchParams;
    expect(Object.fromEntries(params)).toEqual({ channel: 'online', from: figures.today, to: figures.today });
    for (const n of Object.values(placed)) {
      await owner.getByRole('link', { name: `#${n}`, exact: true }).waitFor();
    }
    expect(await owner.getByLabel('Channel').inputValue()).toBe('online');

    // Orders to ship: online, paid, unfulfilled, by courier; the lip balm order is one.
    await owner.goBack();
    await tile(/to ship/)
      .getByRole('link')
      .click();
    await owner.waitForURL((url) => url.searchParams.get('delivery') === 'shipping');
    await owner.getByRole('link', { name: `#${placed.shipped}`, exact: true }).waitFor();
    expect(await owner.getByRole('link', { name: `#${placed.membership}`, exact: true }).count()).toBe(0);
    expect(await owner.getByLabel('Delivery').inputValue()).toBe('shipping');

    await owner.goBack();
    await tile(/low on stock/)
      .getByRole('link')
      .click();
    await owner.getByRole('heading', { name: 'Low stock' }).waitFor();
    await owner.goBack();
    await tile(/renewing/)
      .getByRole('link')
      .click();
    await owner.getByRole('heading', { name: 'Memberships' }).waitFor();
    expect(await owner.getByLabel('Renews by').inputValue()).toBe(figures.memberships.dueBy);
  });

  it('a cashier’s first page has no sales figures', async () => {
    const cashier = await rig.newPage();
    await cashier.goto(`${rig.base}/login`);
    await cashier.getByLabel('Email').fill('cashier@example.com');
    await cashier.getByLabel('Password').fill(DEMO_STAFF_PASSWORD);
    await cashier.getByRole('button', { name: 'Sign in' }).click();
    await cashier.waitForURL((url) => url.pathname !== '/login');
    await cashier.goto(`${rig.base}/admin`);
    await cashier.getByRole('heading', { name: 'Where to start' }).waitFor();
    expect(await cashier.getByRole('heading', { name: 'Today' }).count()).toBe(0);
    expect(await cashier.evaluate(async () => (await fetch('/api/admin/overview')).status)).toBe(403);
  });

  it('a customer’s page: orders from every channel, lifetime spend, membership, package and gift cards', async () => {
    const [ava] = await rig.deps.database.db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(eq(customers.email, SHOPPER));
    await owner.goto(`${rig.base}/admin/customers/${ava!.id}`);
    await owner.getByRole('heading', { name: ava!.name, level: 1 }).waitFor();
    const summary = await owner.evaluate(
      async (id) => (await fetch(`/api/admin/customers/${id}/summary`)).json(),
      ava!.id,
    );
    expect(summary.orders).toBeGreaterThanOrEqual(3);
    await owner.getByTestId('lifetime-spend').waitFor();
    expect(digits(await owner.getByTestId('lifetime-spend').textContent())).toBe(String(summary.net));

    const orders = owner.getByRole('region', { name: 'Orders' });
    for (const n of Object.values(placed)) {
      await orders.getByRole('link', { name: `#${n}`, exact: true }).waitFor();
    }
    const memberships = owner.getByRole('region', { name: 'Memberships' });
    await memberships.getByText('Monthly Membership').waitFor();
    await memberships.getByText('Active').waitFor();
    await owner.getByRole('region', { name: 'Packages' }).getByText('10 Blow-dries').first().waitFor();
    const cards = owner.getByRole('region', { name: 'Gift cards' });
    await cards.getByText('50.00').first().waitFor();
    const cardText = (await cards.textContent()) ?? '';
    expect(cardText).toMatch(/•••• \d{4}/);
    expect(cardText).not.toMatch(/\d{4} ?\d{4} ?\d{4} ?\d{4}/);
    await rig.shot(owner, 'day-one-customer-wide');
    await owner.setViewportSize(NARROW);
    await rig.shot(owner, 'day-one-customer-narrow');
    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
