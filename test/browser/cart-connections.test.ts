import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../emulators/woocommerce/server.js';
import { TEST_PASSED } from '../../src/contracts/connections.js';
import { DEMO_CART_NAME } from '../../src/server/seed/demo-cart.js';
import { type BrowserRig, openBrowserRig, signInDemoCashier } from '../helpers/browser.js';

const WEBHOOK_SECRET = 'whsec-coffee-7Qp2';
/** What the journey waits for the server, a job or the cart at most, each time. */
const PATIENCE = 30_000;

/** A `datetime-local` value for a time, in the browser's (and this process's) time zone. */
const localInput = (d: Date) => {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
};

/** An API answer as the signed-in page reads it. */
const read = <T>(page: Page, path: string): Promise<T> =>
  page.evaluate(async (p) => (await fetch(p, { headers: { accept: 'application/json' } })).json(), path);

/** Polls `probe` until it answers something other than undefined, for at most PATIENCE. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + PATIENCE;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`waited ${PATIENCE} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a WooCommerce shop connected from Settings → Shopping carts', () => {
  let rig: BrowserRig;
  let woo: WooCommerceEmulator;
  let owner: Page;
  let cartPath = '';
  let mugId = '';

  beforeAll(async () => {
    woo = await startWooCommerceEmulator();
    rig = await openBrowserRig();
    owner = await rig.newPage();
  });
  afterAll(async () => {
    await rig?.close();
    await woo?.close();
  });

  const tab = (name: string) => owner.getByRole('tab', { name, exact: true });

  it('adds the cart with its keys, lists every missing field first, and passes its test', async () => {
    await rig.signInOwner(owner);
    await owner.goto(`${rig.base}/admin/settings`);
    await owner
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'Shopping carts' })
      .click();
    await owner.getByRole('heading', { name: 'Shopping carts', level: 1 }).waitFor();
    // The demo shop comes with its web shop connected: listed with its type, status, test and last run.
    const demo = owner.locator('tr', { has: owner.getByRole('link', { name: DEMO_CART_NAME }) });
    await demo.getByText('RUNNING', { exact: true }).waitFor();
    await demo.getByText('Passed', { exact: true }).waitFor();
    await demo.getByText(/\d+ imported, \d+ updated, \d+ skipped, \d+ failed/).waitFor();
    await rig.shot(owner, 'carts-list');
    await owner.getByRole('link', { name: 'Add cart' }).click();
    await owner.getByRole('heading', { name: 'Add cart', level: 1 }).waitFor();

    // Nothing typed: every problem is listed, each linked to its field.
    await owner.getByRole('button', { name: 'Add cart' }).click();
    const summary = owner.locator('.error-summary');
    await summary.getByText('4 fields need fixing').waitFor();
    for (const label of ['Name', 'Address', 'Consumer key', 'Consumer secret']) {
      await summary.getByRole('link', { name: label, exact: true }).waitFor();
    }
    await rig.shot(owner, 'carts-add-errors');

    await owner.getByLabel('WooCommerce').check();
    await owner.getByLabel('Name', { exact: true }).fill('Coffee corner');
    await owner.getByLabel('Address', { exact: true }).fill(woo.url);
    const key = owner.getByLabel('Consumer key');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await key.inputValue()).toBe('');
    await key.fill(woo.consumerKey);
    await owner.getByLabel('Consumer secret').fill(woo.consumerSecret);
    await owner.getByLabel('Webhook secret (optional)').fill(WEBHOOK_SECRET);
    await owner.getByRole('button', { name: 'Add cart' }).click();

    await owner.getByRole('heading', { name: 'Coffee corner', level: 1 }).waitFor();
    cartPath = new URL(owner.url()).pathname;
    expect(cartPath).toMatch(/^\/admin\/settings\/carts\/con_/);
    await owner.getByText('Cart added. Test the connection, then start auto-sync.').waitFor();
    // Untested: Start waits, and says why.
    expect(await owner.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
    await owner.getByText('Test the connection first').waitFor();

    await owner.getByRole('button', { name: 'Test connection' }).click();
    await owner.locator('.test-result.notice-success').getByText(TEST_PASSED).waitFor();
    await expect.poll(() => owner.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
    // Saved keys are never shown again.
    expect(await owner.getByLabel('Consumer key').inputValue()).toBe('');
    await rig.shot(owner, 'carts-test-passed');
  });

  it('tabs are real tabs: arrow keys move between them and the address keeps the choice', async () => {
    await tab('Auto-sync').focus();
    await owner.keyboard.press('ArrowRight');
    await expect.poll(() => tab('Orders').getAttribute('aria-selected')).toBe('true');
    expect(new URL(owner.url()).searchParams.get('tab')).toBe('orders');
    expect(await owner.evaluate(() => document.activeElement?.textContent)).toBe('Orders');
    await owner.keyboard.press('End');
    await expect.poll(() => tab('Sync log').getAttribute('aria-selected')).toBe('true');
    await owner.keyboard.press('Home');
    await expect.poll(() => tab('Auto-sync').getAttribute('aria-selected')).toBe('true');
  });

  it('creates the cart’s products in Tandem with the stock level typed on each row', async () => {
    await tab('Items (Cart)').click();
    const products = woo.products();
    for (const p of products) await owner.getByText(p.name, { exact: true }).waitFor();
    await owner.getByRole('checkbox', { name: 'Select every item shown' }).check();
    // The mug starts at 12 in Tandem whatever the cart says; the rest keep the cart's level.
    await owner.getByLabel('Stock level of Ceramic Mug').fill('12');
    await owner.getByLabel('Cost of Ceramic Mug').fill('4.25');

    // A dry run says what would happen and changes nothing.
    await owner.getByRole('checkbox', { name: 'Dry run' }).check();
    await owner.getByRole('button', { name: /^Create selected/ }).click();
    await owner.getByRole('heading', { name: 'Dry run: nothing was changed' }).waitFor();
    await owner.getByText(`${products.length} created, 0 linked`).waitFor();
    expect(await owner.getByText('Linked: open in Tandem').count()).toBe(0);

    await owner.getByRole('checkbox', { name: 'Dry run' }).uncheck();
    await owner.getByRole('button', { name: /^Create selected/ }).click();
    await owner.getByRole('heading', { name: 'Done', exact: true }).waitFor();
    await owner.getByText(`${products.length} created, 0 linked, 0 updated, 0 skipped, 0 failed`).waitFor();
    await expect.poll(() => owner.getByText('Linked: open in Tandem').count()).toBe(products.length);
    await rig.shot(owner, 'carts-items-created');

    const found = await read<{ data: { id: string; sku: string; stock: number | null; cost: number }[] }>(
      owner,
      '/api/admin/items?q=MUG-CER',
    );
    const mug = found.data.find((i) => i.sku === 'MUG-CER');
    expect(mug).toMatchObject({ stock: 12, cost: 425 });
    mugId = mug!.id;
  });

  it('sends a Tandem item to the cart with its stock, and creates a cart customer in Tandem', async () => {
    await tab('Items').click();
    await owner.getByLabel('Search by name, SKU or barcode').fill('Lip Balm');
    await owner.getByRole('button', { name: 'Search', exact: true }).click();
    const found = await read<{ data: { id: string; name: string; sku: string; stock: number | null }[] }>(
      owner,
      '/api/admin/items?q=Lip%20Balm',
    );
    const balm = found.data[0]!;
    await owner.getByRole('checkbox', { name: `Select ${balm.name}` }).check();
    await owner.getByRole('button', { name: 'Export selected (1)' }).click();
    await owner.getByText('1 created, 0 linked, 0 updated, 0 skipped, 0 failed').waitFor();
    const sent = woo.products().find((p) => p.sku === balm.sku);
    expect(sent).toMatchObject({ name: balm.name, stock_quantity: balm.stock });
    await rig.shot(owner, 'carts-export-items');

    await tab('Customers (Cart)').click();
    const ada = owner.locator('tr', { hasText: 'ada@example.com' });
    await ada.getByText('Not in Tandem').waitFor();
    await owner.getByRole('checkbox', { name: 'Select Ada Lovelace (ada@example.com)' }).check();
    await owner.getByRole('button', { name: 'Create selected (1)' }).click();
    await owner.getByText('1 created, 0 linked, 0 updated, 0 skipped, 0 failed').waitFor();
    await ada.getByRole('link', { name: 'Linked: open in Tandem' }).waitFor();
    await owner.locator('tr', { hasText: 'grace@example.com' }).getByText('Not in Tandem').waitFor();
  });

  it('imports a new cart order as Pending; confirming it takes stock and sends the level to the cart', async () => {
    await tab('Auto-sync').click();
    await owner.getByLabel('Orders from').fill(localInput(new Date(Date.now() - 60_000)));
    await owner.getByRole('button', { name: 'Save', exact: true }).click();
    await owner.getByText('Auto-sync settings saved.').waitFor();
    await owner.getByRole('button', { name: 'Start' }).click();
    await owner.getByText('Auto-sync is running').waitFor();
    await owner.locator('.badge', { hasText: 'RUNNING' }).first().waitFor();

    const mugProduct = woo.products().find((p) => p.sku === 'MUG-CER')!;
    const placed = woo.addOrder({
      status: 'processing',
      line_items: [{ product_id: mugProduct.id, quantity: 2 }],
      billing: woo.orders()[0]!.billing,
    });
    await owner.getByRole('button', { name: 'Run now' }).click();
    await owner.getByText('A run was asked for').waitFor();

    await tab('Orders').click();
    const row = owner.locator('tr', { hasText: `Cart · #${placed.number}` });
    await row.waitFor({ timeout: PATIENCE });
    await row.getByText('Pending', { exact: true }).waitFor();
    await rig.shot(owner, 'carts-order-pending');
    // Pending: nothing left stock yet.
    expect((await read<{ stock: number }>(owner, `/api/admin/items/${mugId}`)).stock).toBe(12);

    await row.getByRole('button', { name: /^Confirm order #/ }).click();
    await row.getByText('Pending', { exact: true }).waitFor({ state: 'detached' });
    const tandemStock = (await read<{ stock: number }>(owner, `/api/admin/items/${mugId}`)).stock;
    expect(tandemStock).toBe(10);
    await eventually('the cart’s mug stock to follow Tandem’s', async () =>
      woo.products().find((p) => p.sku === 'MUG-CER')?.stock_quantity === tandemStock ? true : undefined,
    );

    // The sync log shows the run that brought it, with the counts the server keeps.
    await tab('Sync log').click();
    const runs = await eventually('a run that imported the order', async () => {
      const page = await read<{ data: { id: string; counts: Record<string, number>; status: string }[] }>(
        owner,
        `/api/admin/connections/${cartPath.split('/').pop()}/runs`,
      );
      return page.data.find((r) => r.counts.imported! > 0 && r.status !== 'running');
    });
    const c = runs.counts;
    await owner
      .locator(`[data-run="${runs.id}"] .run-counts`)
      .getByText(`${c.imported} imported, ${c.updated} updated, ${c.skipped} skipped, ${c.failed} failed`)
      .waitFor();
    await rig.shot(owner, 'carts-sync-log');
  });

  it('a webhook brings the next order at once; the Orders list marks it and confirms it inline', async () => {
    await tab('Auto-sync').click();
    const address = await owner.getByLabel('Webhook address').inputValue();
    expect(address).toContain('/api/hooks/connections/');
    woo.addWebhook({ topic: 'order.created', delivery_url: address, secret: WEBHOOK_SECRET });
    const mugProduct = woo.products().find((p) => p.sku === 'MUG-CER')!;
    const placed = woo.addOrder({
      status: 'processing',
      line_items: [{ product_id: mugProduct.id, quantity: 1 }],
      billing: woo.orders()[0]!.billing,
    });

    await owner.goto(`${rig.base}/admin/orders?state=pending`);
    expect(await owner.getByLabel('State').inputValue()).toBe('pending');
    const row = owner.locator('tr', { hasText: `Cart · #${placed.number}` });
    await row.waitFor({ timeout: PATIENCE });
    await row.getByText('Pending', { exact: true }).waitFor();
    await rig.shot(owner, 'carts-orders-list-pending');
    await row.getByRole('button', { name: /^Confirm order #/ }).click();
    // Confirmed, it leaves the pending list.
    await row.waitFor({ state: 'detached', timeout: PATIENCE });

    await owner.goto(`${rig.base}/admin/orders?state=confirmed`);
    const confirmed = owner.locator('tr', { hasText: `Cart · #${placed.number}` });
    await confirmed.waitFor();
    expect(await confirmed.getByText('Pending', { exact: true }).count()).toBe(0);
    await confirmed.getByRole('link', { name: /^#\d+$/ }).click();
    await owner.getByText(`as its order #${placed.number}`).waitFor();
    await owner.getByText('Confirmed: its stock and sales are counted.').waitFor();
    expect(await owner.getByRole('button', { name: 'Confirm', exact: true }).count()).toBe(0);
  });

  it('the register’s Online tab marks cart orders with their cart number', async () => {
    await owner.goto(`${rig.base}/pos/transactions?tab=online`);
    const last = woo.orders().at(-1)!;
    await owner.locator('tr', { hasText: `Cart · #${last.number}` }).waitFor();
    await rig.shot(owner, 'carts-register-online');
  });

  it('the sync log shows a run as it goes, then the record it could not take', async () => {
    // With item and customer updates on, a run reads three lists; a slow cart makes that last long
    // enough to watch. The new order answers broken.
    await owner.goto(`${rig.base}${cartPath}?tab=auto-sync`);
    await owner.getByLabel('Enable item updates').check();
    await owner.getByLabel('Enable customer updates').check();
    await owner.getByRole('button', { name: 'Save', exact: true }).click();
    await owner.getByText('Auto-sync settings saved.').waitFor();
    const mugProduct = woo.products().find((p) => p.sku === 'MUG-CER')!;
    woo.slow(1500);
    const broken = woo.addOrder({
      status: 'processing',
      line_items: [{ product_id: mugProduct.id, quantity: 1 }],
      billing: woo.orders()[0]!.billing,
    });
    woo.malform(broken.id);
    try {
      await owner.getByRole('button', { name: 'Run now' }).click();
      await owner.getByText('A run was asked for').waitFor();
      await tab('Sync log').click();
      const running = owner.locator('.sync-run', { hasText: 'Still running' });
      await running.waitFor({ timeout: PATIENCE });
      await running.getByRole('progressbar').waitFor();
      await rig.shot(owner, 'carts-sync-log-running');
      const failedRow = owner.locator('.sync-run tr', { hasText: String(broken.id) });
      await failedRow.waitFor({ timeout: PATIENCE });
      await failedRow.getByText('Orders', { exact: true }).waitFor();
      expect(await owner.locator('.sync-run', { hasText: 'Still running' }).count()).toBe(0);
      await rig.shot(owner, 'carts-sync-log-error');
    } finally {
      woo.reset();
    }
  });

  it('what the cart has is paged with Next and Previous, and searched', async () => {
    for (let i = 1; i <= 30; i++) {
      woo.addProduct({
        name: `Tasting Cup ${String(i).padStart(2, '0')}`,
        sku: `CUP-${i}`,
        regular_price: '3.00',
      });
    }
    await owner.goto(`${rig.base}${cartPath}?tab=cart-items`);
    const pager = owner.getByRole('navigation', { name: 'The cart’s items pages' });
    await pager.getByText(`Page 1 · ${woo.products().length} in the cart`).waitFor();
    expect(await owner.locator('.cart-items-table tbody tr').count()).toBe(25);
    await pager.getByRole('button', { name: 'Next →' }).click();
    await pager.getByText(/^Page 2/).waitFor();
    await expect
      .poll(() => owner.locator('.cart-items-table tbody tr').count())
      .toBe(woo.products().length - 25);
    await pager.getByRole('button', { name: '← Previous' }).click();
    await pager.getByText(/^Page 1/).waitFor();
    await expect.poll(() => owner.locator('.cart-items-table tbody tr').count()).toBe(25);

    await owner.getByLabel('Search the cart’s items').fill('Ceramic');
    await owner.getByRole('button', { name: 'Search', exact: true }).first().click();
    await expect.poll(() => owner.locator('.cart-items-table tbody tr').count()).toBe(1);
    await owner.getByText('Ceramic Mug', { exact: true }).waitFor();

    // The cart's orders: those imported say so, and orders are only ever created, never linked.
    await tab('Orders (Cart)').click();
    const imported = owner.locator('tr', { hasText: `#${woo.orders().at(-2)!.number}` });
    await imported.getByRole('link', { name: 'Imported: open in Tandem' }).waitFor();
    expect(await owner.getByRole('button', { name: /^Link selected/ }).count()).toBe(0);
    await rig.shot(owner, 'carts-cart-orders');
  });

  it('a cashier cannot open the carts', async () => {
    const cashier = await rig.newPage();
    await signInDemoCashier(rig, cashier);
    await cashier.goto(`${rig.base}/admin/settings/carts`);
    await cashier.getByText('Only an owner or a manager can open this page.').waitFor();
    await cashier.goto(`${rig.base}${cartPath}`);
    await cashier.getByText('Only an owner or a manager can open this page.').waitFor();
    expect(await cashier.getByRole('tab').count()).toBe(0);
    await cashier.context().close();
  });

  it('removes the cart once stopped; the orders it brought stay', async () => {
    await owner.goto(`${rig.base}${cartPath}?tab=auto-sync`);
    await owner.getByRole('heading', { name: 'Coffee corner', level: 1 }).waitFor();
    const remove = owner.getByRole('button', { name: 'Remove cart' });
    if (await owner.getByRole('button', { name: 'Stop' }).isVisible()) {
      expect(await remove.isDisabled()).toBe(true);
      await owner.getByRole('button', { name: 'Stop' }).click();
    }
    await expect.poll(() => remove.isEnabled()).toBe(true);
    await remove.click();
    const dialog = owner.getByRole('dialog', { name: 'Remove Coffee corner?' });
    await dialog.getByRole('button', { name: 'Remove cart' }).click();
    await owner.getByRole('heading', { name: 'Shopping carts', level: 1 }).waitFor();
    await expect.poll(() => owner.getByRole('link', { name: 'Coffee corner' }).count()).toBe(0);
    await owner.goto(`${rig.base}/admin/orders?channel=cart`);
    await owner.locator('td', { hasText: 'Cart · #' }).first().waitFor();
  });

  it('no page failed or broke its Content Security Policy', () => {
    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
