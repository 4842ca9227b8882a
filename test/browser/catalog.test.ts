import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, OWNER, openBrowserRig } from '../helpers/browser.js';

describe('catalogue, stock and customers in a real browser', () => {
  let rig: BrowserRig;
  let base: string;
  let page: Page;

  const shot = (name: string) => rig.shot(page, name);
  const nav = () => page.getByRole('navigation', { name: 'Back office' });

  beforeAll(async () => {
    rig = await openBrowserRig();
    base = rig.base;
    page = await rig.newPage();
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('adds a tracked product, sees it run low, receives stock and finds it by SKU', async () => {
    await page.goto(`${base}/admin/items`);
    await page.waitForURL(`${base}/login`);
    await rig.signInOwner(page);
    await page.waitForURL(`${base}/admin/items`);

    // The demo catalogue, by name, with stock for tracked products and a dash for services.
    await page.getByRole('heading', { level: 1, name: 'Items' }).waitFor();
    const list = page.getByRole('table', { name: 'Items, by name' });
    await list.getByRole('row').filter({ hasText: 'PRD-001' }).waitFor();
    expect(await list.getByRole('row').filter({ hasText: 'SRV-003' }).textContent()).toContain('—');
    await shot('items-list');

    // A new product; first with a SKU the demo already uses.
    await page.getByRole('link', { name: 'New item' }).click();
    await page.waitForURL(`${base}/admin/items/new`);
    expect(await page.getByLabel('Product', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Name', { exact: true }).fill('Argan Oil Shampoo');
    await page.getByLabel('SKU', { exact: true }).fill('PRD-001');
    await page.getByLabel('Price', { exact: true }).fill('18.50');
    const track = page.getByLabel('Keep count of stock');
    if (!(await track.isChecked())) await track.check();
    await page.getByLabel('Low-stock threshold').fill('5');
    await page.getByLabel('Stock on hand now').fill('3');
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.locator('#item-sku-error', { hasText: 'another item already has this SKU' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'One field needs fixing' }).waitFor();
    expect(await page.getByLabel('SKU', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await shot('item-editor-error');

    await page.getByLabel('SKU', { exact: true }).fill('SH-ARGAN-250');
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.waitForURL(new RegExp(`^${base}/admin/items/itm_`));
    const itemUrl = page.url();
    await page.getByRole('heading', { level: 1, name: 'Argan Oil Shampoo' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Product added.' }).waitFor();
    const stock = page.getByRole('region', { name: 'Stock' });
    expect(await stock.locator('.stock-figure').textContent()).toBe('3');
    await stock.getByText('Low', { exact: true }).waitFor();
    expect(await page.getByLabel('Price', { exact: true }).inputValue()).toBe('18.50');
    await shot('item-editor');

    // Three on hand with a threshold of five: it is running low.
    await nav().getByRole('link', { name: 'Low stock' }).click();
    await page.waitForURL(`${base}/admin/low-stock`);
    const lowRow = page.getByRole('row').filter({ hasText: 'SH-ARGAN-250' });
    await lowRow.waitFor();
    expect(await lowRow.textContent()).toContain('Argan Oil Shampoo');
    await shot('low-stock');

    // A delivery of twelve.
    await lowRow.getByRole('link', { name: 'Argan Oil Shampoo' }).click();
    await page.waitForURL(itemUrl);
    await stock.getByRole('button', { name: 'Adjust stock' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjust stock' });
    await dialog.waitFor();
    // The dialog starts at its first field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('adjust-delta');
    await dialog.getByLabel('Change').fill('+12');
    await dialog.getByLabel('Kind').selectOption('receive');
    await dialog.getByLabel('Reason').fill('Delivery');
    // The dialog sits in the middle of the window: a picture of the window, not the whole page.
    await shot('stock-dialog');
    const sent = page.waitForRequest((r) => r.url().endsWith('/stock-adjustments'));
    await dialog.getByRole('button', { name: 'Save adjustment' }).click();
    // Sent with an idempotency key, so that a retry cannot count the delivery twice.
    expect((await sent).headers()['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Stock is now 15.' }).waitFor();
    expect(await stock.locator('.stock-figure').textContent()).toBe('15');
    expect(await stock.getByText('Low', { exact: true }).count()).toBe(0);

    const movements = page.getByRole('table', { name: 'Stock movements' });
    await movements.getByRole('row').filter({ hasText: 'Delivery' }).waitFor();
    const rows = movements.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const [newest, opening] = await rows.allTextContents();
    expect(newest).toContain('Received');
    expect(newest).toContain('+12');
    expect(newest).toContain('15');
    expect(newest).toContain(OWNER.email);
    expect(opening).toContain('+3');
    expect(opening).toContain('Opening stock');

    // The count dialog closes on Escape and gives focus back to its button.
    await stock.getByRole('button', { name: 'Count stock' }).click();
    await page.getByRole('dialog', { name: 'Count stock' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Count stock' }).waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Count stock');
    await shot('item-stock');

    // Found in the item list by its SKU, no longer low.
    await nav().getByRole('link', { name: 'Items' }).click();
    await page.waitForURL(`${base}/admin/items`);
    await page.getByLabel('Search by name, SKU or barcode').fill('SH-ARGAN-250');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(`${base}/admin/items?q=SH-ARGAN-250`);
    const found = page.getByRole('table', { name: 'Items, by name' }).locator('tbody tr');
    await expect.poll(() => found.count()).toBe(1);
    const foundText = await found.first().textContent();
    expect(foundText).toContain('Argan Oil Shampoo');
    expect(foundText).toContain('18.50');
    expect(foundText).toContain('15');
    await shot('items-search');

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });

  it('adds a customer with an address and finds them by phone', async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`${base}/admin/customers`);
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.getByRole('table', { name: 'Customers, by name' }).locator('tbody tr').first().waitFor();
    await shot('customers-list');

    await page.getByRole('link', { name: 'New customer' }).click();
    await page.waitForURL(`${base}/admin/customers/new`);
    await page.getByLabel('Name', { exact: true }).fill('Marisol Vega');
    await page.getByLabel('Email (optional)').fill('marisol.vega@example.com');
    await page.getByLabel('Phone (optional)').fill('+1 555 0199 4242');
    await page.getByLabel('Agrees to receive marketing emails').check();
    await page.getByRole('button', { name: 'Add an address' }).click();
    // Focus moves into the new address.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('customer-addresses-0-line1');
    await page.keyboard.type('12 Cedar Lane');
    await page.getByLabel('City').fill('Portland');
    await page.getByLabel('Postal code').fill('97201');
    await page.getByLabel('Country').fill('us');
    await page.getByLabel('Notes').fill('Prefers morning appointments.');
    await shot('customer-editor');
    await page.getByRole('button', { name: 'Add customer' }).click();
    await page.waitForURL(new RegExp(`^${base}/admin/customers/cus_`));
    await page.getByRole('heading', { level: 1, name: 'Marisol Vega' }).waitFor();
    await page.getByText('Added in the back office').waitFor();
    expect(await page.getByLabel('Country').inputValue()).toBe('US');
    expect(await page.getByLabel('Agrees to receive marketing emails').isChecked()).toBe(true);
    await shot('customer');

    await nav().getByRole('link', { name: 'Customers' }).click();
    await page.waitForURL(`${base}/admin/customers`);
    await page.getByLabel('Search by name, email or phone').fill('0199 4242');
    await page.getByRole('button', { name: 'Search' }).click();
    const found = page.getByRole('table', { name: 'Customers, by name' }).locator('tbody tr');
    await expect.poll(() => found.count()).toBe(1);
    const text = await found.first().textContent();
    expect(text).toContain('Marisol Vega');
    expect(text).toContain('marisol.vega@example.com');
    await shot('customers');

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });

  it('builds a package from services found by search', async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`${base}/admin/items/new?kind=package`);
    expect(await page.getByLabel('Package', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Name', { exact: true }).fill('Blow-dry Trio');
    await page.getByLabel('SKU', { exact: true }).fill('PKG-TRIO');
    await page.getByLabel('Price', { exact: true }).fill('90');

    // Saving an empty package says what it lacks.
    await page.getByRole('button', { name: 'Add package' }).click();
    await page.getByRole('alert').filter({ hasText: '2 fields need fixing' }).waitFor();
    await page
      .locator('#item-includes-error', { hasText: 'a package must include at least one item' })
      .waitFor();

    const search = page.getByLabel('Find a product or service to include');
    await search.fill('blow');
    // Enter searches; it does not save the package.
    await search.press('Enter');
    const results = page.getByRole('list', { name: 'Matching products and services' });
    await results.getByRole('button', { name: 'Add Blow-dry' }).waitFor();
    // Packages never show up to be included.
    expect(await results.getByText('10 Blow-dries').count()).toBe(0);
    await page.getByLabel('Quantity to add').fill('3');
    await results.getByRole('button', { name: 'Add Blow-dry' }).click();
    await search.fill('manicure');
    await results.getByRole('button', { name: 'Add Manicure' }).click();
    expect(await page.getByLabel('Quantity of Blow-dry').inputValue()).toBe('3');
    await page.getByRole('button', { name: 'Remove Manicure' }).click();
    expect(await page.getByLabel('Quantity of Manicure').count()).toBe(0);
    await page.getByLabel('Duration in days').fill('60');
    await page.getByLabel('Discount (%)').fill('10');
    await shot('package-editor');

    await page.getByRole('button', { name: 'Add package' }).click();
    await page.waitForURL(new RegExp(`^${base}/admin/items/itm_`));
    await page.getByRole('heading', { level: 1, name: 'Blow-dry Trio' }).waitFor();
    expect(await page.getByLabel('Quantity of Blow-dry').inputValue()).toBe('3');
    expect(await page.getByLabel('Duration in days').inputValue()).toBe('60');
    // Packages keep no stock of their own.
    expect(await page.getByRole('region', { name: 'Stock' }).count()).toBe(0);

    // The item list on a phone.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Items' }).click();
    await page.getByLabel('Kind').selectOption('package');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('row').filter({ hasText: 'PKG-TRIO' }).waitFor();
    await shot('items-list-mobile');

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
