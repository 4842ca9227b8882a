import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueuedRefunds } from '../../src/server/modules/payments/index.js';
import { type BrowserRig, openBrowserRig } from '../helpers/browser.js';

const dollars = (minor: number) => `$${(minor / 100).toFixed(2)}`;

interface Sale {
  id: string;
  number: number;
  lines: { id: string; name: string; total: number }[];
}

// A customer brings back one thing bought by card earlier today: the manager gives it back each way.
describe('same-day returns at the counter', () => {
  let rig: BrowserRig;
  let manager: Page;
  let items: { id: string; name: string; price: number }[];
  let customerId: string;

  beforeAll(async () => {
    rig = await openBrowserRig();
    manager = await rig.newPage();
    await manager.goto(`${rig.base}/login`);
    await manager.getByLabel('Email').fill('manager@example.com');
    await manager.getByLabel('Password').fill('Juniper-Demo-2026');
    await manager.getByRole('button', { name: 'Sign in' }).click();
    await manager.waitForURL((url) => url.pathname !== '/login');
    const all = (await (await manager.request.get(`${rig.base}/api/admin/items?limit=200`)).json()).data as {
      id: string;
      name: string;
      price: number;
      kind: string;
      active: boolean;
    }[];
    items = all.filter((i) => i.kind === 'service' && i.active && i.price > 0).slice(0, 2);
    expect(items).toHaveLength(2);
    const customers = (await (await manager.request.get(`${rig.base}/api/admin/customers?limit=50`)).json())
      .data as { id: string; email: string | null }[];
    customerId = customers.find((c) => c.email)!.id;
  });

  afterAll(async () => {
    expect(rig?.pageErrors ?? []).toEqual([]);
    await rig?.close();
  });

  /** A card sale of two services made just now: the gateway has not settled it. */
  async function cardSale(): Promise<Sale> {
    const token = await rig.deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
    const total = items[0]!.price + items[1]!.price;
    const res = await manager.request.post(`${rig.base}/api/pos/sales`, {
      headers: { origin: rig.base, 'content-type': 'application/json' },
      data: {
        customerId,
        lines: items.map((i) => ({ itemId: i.id, quantity: 1 })),
        payments: [{ method: 'card', amount: total, cardToken: token, expiry: '1230' }],
      },
    });
    expect(res.status()).toBe(201);
    return res.json();
  }

  async function openRefund(sale: Sale) {
    await manager.goto(`${rig.base}/admin/orders/${sale.id}`);
    await manager.getByRole('heading', { name: `Order #${sale.number}`, level: 1 }).waitFor();
    await manager.getByRole('button', { name: 'Refund' }).click();
    const dialog = manager.getByRole('dialog', { name: `Refund order #${sale.number}` });
    await dialog.getByLabel(`${sale.lines[0]!.name} (up to 1)`).fill('1');
    return dialog;
  }

  it('to the card: owed until the payment settles, shown on the order, then sent', async () => {
    const sale = await cardSale();
    const dialog = await openRefund(sale);
    await dialog.getByLabel(/^To the card/).check();
    await rig.shot(manager, 'same-day-refund-dialog');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await manager
      .getByRole('status')
      .filter({
        hasText: `${dollars(sale.lines[0]!.total)} refunded: it goes to the card once the payment settles.`,
      })
      .waitFor();
    const pending = manager.getByTestId('card-refunds');
    await pending
      .getByText(/Refund pending: \$[\d.]+ to the card \(Visa •••• 1111\) once the payment settles/)
      .waitFor();
    expect(await manager.getByText('Partially refunded').count()).toBeGreaterThan(0);
    await rig.shot(manager, 'same-day-refund-pending');

    // The nightly batch, then the job: the order no longer shows it pending.
    await fetch(new URL('/__emulator/settle', rig.deps.gatewaySiteUrl), { method: 'POST' });
    const sent = await sendQueuedRefunds({ db: rig.deps.database.db, gateway: rig.deps.gateway });
    expect(sent.sent).toBe(1);
    await manager.reload();
    await manager.getByRole('heading', { name: `Order #${sale.number}`, level: 1 }).waitFor();
    expect(await manager.getByTestId('card-refunds').count()).toBe(0);
  });

  it('in cash, at once', async () => {
    const sale = await cardSale();
    const dialog = await openRefund(sale);
    await dialog.getByLabel('Cash').check();
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await manager
      .getByRole('status')
      .filter({ hasText: `${dollars(sale.lines[0]!.total)} refunded.` })
      .waitFor();
    await manager.getByText(/back in cash: Refund/).waitFor();
    expect(await manager.getByTestId('card-refunds').count()).toBe(0);
    await rig.shot(manager, 'same-day-refund-cash');
  });

  it('onto a new gift card, whose code is shown once', async () => {
    const sale = await cardSale();
    const dialog = await openRefund(sale);
    await dialog.getByLabel('Gift card (store credit)').check();
    await dialog.getByRole('button', { name: 'Refund' }).click();
    const issued = dialog.getByTestId('store-credit');
    await issued.waitFor();
    const code = (await issued.locator('.store-credit-code').textContent()) ?? '';
    expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    await rig.shot(manager, 'same-day-refund-store-credit');
    await issued.getByRole('button', { name: 'Done' }).click();
    await manager.getByText(/onto a new store credit gift card/).waitFor();
    expect(await manager.getByText(code).count()).toBe(0);

    // The next return goes onto that card, by its code.
    const next = await cardSale();
    const again = await openRefund(next);
    await again.getByLabel('Gift card (store credit)').check();
    await again.getByLabel('A card the customer has').check();
    await again.getByLabel('Gift card code').fill('1234 5678');
    await again.getByRole('button', { name: 'Refund' }).click();
    await again.getByText('is not a gift card of this shop').waitFor();
    await again.getByLabel('Gift card code').fill(code);
    await again.getByRole('button', { name: 'Refund' }).click();
    await manager
      .getByRole('status')
      .filter({ hasText: /refunded\./ })
      .waitFor();
    await manager.getByText(new RegExp(`onto the gift card •••• ${code.slice(-4)}`)).waitFor();
    await rig.shot(manager, 'same-day-refund-onto-card');
  });
});
