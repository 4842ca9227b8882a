import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, openBrowserRig, signUpAndSignIn } from '../helpers/browser.js';

const SHOPPER = { name: 'Pat Portal', email: 'pat.portal@example.com', password: 'Quiet-Lake-Stone-8' };

/** The table's last header cell ends inside the viewport, and its box does not scroll sideways. */
async function fullyVisible(page: Page, table: Locator) {
  const width = page.viewportSize()!.width;
  const last = table.locator('thead th').last();
  const box = await last.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
  const scroll = await table.evaluate((t) => {
    const box = t.parentElement!;
    return { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
  });
  expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe('the sales report and the customer portal switch in a real browser', () => {
  let rig: BrowserRig;
  let owner: Page;

  beforeAll(async () => {
    rig = await openBrowserRig();
    owner = await rig.newPage();
    await owner.setViewportSize({ width: 1366, height: 768 });
    await rig.signInOwner(owner);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('shows every column of each report table at 1366×768, in the shop’s time zone, with items and payment methods', async () => {
    await owner.goto(`${rig.base}/admin/reports`);
    await owner.getByRole('heading', { name: 'Sales report' }).waitFor();
    await owner.getByText('days in America/Los_Angeles, the shop’s time zone').waitFor();
    const channels = owner.getByTestId('by-channel-table');
    await channels.getByRole('rowheader', { name: 'All channels' }).waitFor();
    await rig.shot(owner, 'admin-reports-days-1366');
    await fullyVisible(owner, channels);

    await owner.getByRole('tab', { name: 'Items' }).click();
    const items = owner.getByTestId('by-item-table');
    await items.getByRole('rowheader', { name: 'All items' }).waitFor();
    expect(await items.locator('tbody tr').count()).toBeGreaterThan(2);
    await rig.shot(owner, 'admin-reports-items-1366');
    await fullyVisible(owner, items);
    await owner.getByRole('link', { name: 'Export items CSV' }).waitFor();

    await owner.getByRole('tab', { name: 'Payment methods' }).click();
    const methods = owner.getByTestId('by-method-table');
    await methods.getByRole('rowheader', { name: 'All payments' }).waitFor();
    await methods.getByRole('rowheader', { name: 'Cash' }).waitFor();
    await rig.shot(owner, 'admin-reports-methods-1366');
    await fullyVisible(owner, methods);

    // The money less gift cards sold is the net sales plus tax of the same days, as the page reads it.
    // The page's days: the last 30 up to today in the shop's time zone.
    const range = {
      from: await owner.getByLabel('From').inputValue(),
      to: await owner.getByLabel('To').inputValue(),
    };
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
    expect(range.to).toBe(today);
    const report = await owner.evaluate(
      async ({ from, to }) => (await fetch(`/api/admin/reports/sales?from=${from}&to=${to}`)).json(),
      range,
    );
    expect(report.timeZone).toBe('America/Los_Angeles');
    expect(report.payments.sales).toBe(report.total.net + report.total.tax);
    // Card payments by brand add up to the card's row, and show under it.
    type Row = { taken: number; refunded: number; method?: string; brand?: string };
    const card = report.byPaymentMethod.find((m: Row) => m.method === 'card');
    expect(report.byCardBrand.reduce((s: number, b: Row) => s + b.taken, 0)).toBe(card.taken);
    expect(report.byCardBrand.reduce((s: number, b: Row) => s + b.refunded, 0)).toBe(card.refunded);
    // (The demo's card sales were recorded without the gateway: of no known brand, not split.)
    expect(report.byCardBrand.map((b: Row) => b.brand)).toContain('Card');
    const shown = await owner.getByTestId('payments-sales').textContent();
    expect(shown?.replace(/[^\d.-]/g, '')).toBe((report.payments.sales / 100).toFixed(2));

    // On a phone the table scrolls inside its own box; the page does not.
    await owner.setViewportSize({ width: 390, height: 844 });
    await owner.getByRole('tab', { name: 'Items' }).click();
    await items.waitFor();
    const phone = await items.evaluate((t) => ({
      scrollWidth: t.parentElement!.scrollWidth,
      clientWidth: t.parentElement!.clientWidth,
      overflow: getComputedStyle(t.parentElement!).overflowX,
    }));
    expect(phone.overflow).toBe('auto');
    expect(phone.scrollWidth).toBeGreaterThan(phone.clientWidth);
    expect(await owner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await rig.shot(owner, 'admin-reports-items-390');
    await owner.setViewportSize({ width: 1366, height: 768 });

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });

  it('with the portal off, My account keeps profile, orders and gift cards and says the rest is not offered', async () => {
    // The owner switches the portal off in Settings, which says what that closes.
    await owner.goto(`${rig.base}/admin/settings`);
    const portalSwitch = owner.getByRole('checkbox', { name: 'Customers can use the portal' });
    await portalSwitch.uncheck();
    await owner
      .getByText('Off: My account no longer offers recurring orders, packages or saved cards.')
      .waitFor();
    await owner.getByRole('button', { name: 'Save settings' }).click();
    await owner.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    await rig.shot(owner, 'admin-settings-portal-off');

    const customer = await rig.newPage();
    await signUpAndSignIn(rig, customer, SHOPPER, '/account');
    const nav = customer.getByRole('navigation', { name: 'My account' });
    await nav.getByRole('link', { name: 'Profile' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Profile', 'Orders', 'Gift cards']);
    await rig.shot(customer, 'account-portal-off');

    for (const [path, what] of [
      ['/account/cards', 'Saved cards'],
      ['/account/packages', 'Packages'],
      ['/account/subscriptions', 'Recurring orders'],
    ] as const) {
      await customer.goto(`${rig.base}${path}`);
      await customer.getByText(`${what} are not offered by this shop online.`).waitFor();
    }
    await rig.shot(customer, 'account-portal-off-page');
    await customer.goto(`${rig.base}/account/orders`);
    await customer.getByRole('heading', { name: 'My orders' }).waitFor();

    // Switched back on, the pages and their links are back.
    await owner.evaluate(() =>
      fetch('/api/admin/settings', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ portal: { enabled: true } }),
      }),
    );
    await customer.goto(`${rig.base}/account/cards`);
    await customer.getByRole('heading', { name: 'Your cards' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Profile',
      'Orders',
      'Saved cards',
      'Recurring orders',
      'Packages',
      'Gift cards',
    ]);

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
