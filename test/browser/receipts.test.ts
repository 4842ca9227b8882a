import { and, eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPackages, customers } from '../../src/server/tables.js';
import { type BrowserRig, BUSINESS, openBrowserRig, signInDemoCashier } from '../helpers/browser.js';

/** "$1,234.56" (or "−$3.50") as minor units. */
const minor = (text: string | null) => {
  const digits = (text ?? '').replace(/[^0-9.]/g, '');
  expect(digits, `an amount in “${text}”`).toMatch(/^\d+\.\d\d$/);
  return Math.round(Number(digits) * 100);
};
const amountOf = async (locator: Locator) => minor(await locator.textContent());
const amountsOf = async (locator: Locator) => (await locator.allTextContents()).map(minor);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The PDF's pages, each as [width, height] in points. */
function pdfPages(pdf: Buffer): [number, number][] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}
const MM = 72 / 25.4;

describe('receipts in a real browser: the till roll and A4', () => {
  let rig: BrowserRig;
  let cashier: Page;
  let holder: string;

  beforeAll(async () => {
    rig = await openBrowserRig();
    cashier = await rig.newPage();
    await signInDemoCashier(rig, cashier);
    // A demo customer whose 10 Blow-dries package still has credits.
    const [row] = await rig.deps.database.db
      .select({ name: customers.name })
      .from(customerPackages)
      .innerJoin(customers, eq(customers.id, customerPackages.customerId))
      .where(and(eq(customerPackages.name, '10 Blow-dries'), eq(customerPackages.status, 'active')));
    holder = row!.name;
  });

  afterAll(async () => {
    await rig?.close();
  });

  /** Checks what every receipt prints, and that its figures add up; answers the total. */
  async function checkReceipt(page: Page, format: 'roll' | 'a4') {
    const receipt = page.locator(`article[data-format="${format}"]`);
    await receipt.waitFor();
    expect(await receipt.getByTestId('receipt-shop').textContent()).toBe(BUSINESS);
    const address = await receipt.getByTestId('receipt-address').textContent();
    expect(address).toContain('1120 NW Couch St');
    expect(address).toContain('Portland, OR 97209');
    // Each part of the address on a line of its own.
    const tops = await receipt
      .getByTestId('receipt-address')
      .locator('span')
      .evaluateAll((spans) => spans.map((span) => span.getBoundingClientRect().top));
    expect(tops.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tops).size).toBe(tops.length);
    expect(await receipt.getByTestId('receipt-contact').textContent()).toContain('(503) 555-0142');
    expect(await receipt.getByTestId('receipt-cashier').textContent()).toBe('Casey Cashier');
    // The time on the shop's clock (Portland), not the browser's or UTC.
    const time = receipt.getByTestId('receipt-time').locator('time');
    const printed = await time.textContent();
    const [inPortland, inUtc] = await time.evaluate((el) =>
      ['America/Los_Angeles', 'UTC'].map((timeZone) =>
        new Intl.DateTimeFormat(undefined, {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: 'numeric',
          minute: '2-digit',
          timeZoneName: 'short',
          timeZone,
        }).format(new Date(el.getAttribute('datetime')!)),
      ),
    );
    expect(printed).toBe(inPortland);
    expect(printed).toMatch(/ P[SD]T$/);
    expect(printed).not.toBe(inUtc);

    // Lines add up to the subtotal; tax apart; then the total.
    const lines = await amountsOf(receipt.getByTestId('receipt-line-amount'));
    expect(lines).toHaveLength(3);
    const subtotal = await amountOf(receipt.getByTestId('receipt-subtotal'));
    const tax = await amountOf(receipt.getByTestId('receipt-tax'));
    const total = await amountOf(receipt.getByTestId('receipt-total'));
    expect(sum(lines)).toBe(subtotal);
    expect(tax).toBeGreaterThan(0);
    expect(subtotal + tax).toBe(total);
    // The blow-dry was a package credit: charged 0, the package named.
    const credited = receipt.getByTestId('receipt-line').filter({ hasText: 'Blow-dry' });
    expect(await amountOf(credited.getByTestId('receipt-line-amount'))).toBe(0);
    expect(await credited.getByTestId('receipt-line-credits').textContent()).toContain('10 Blow-dries');
    const credits = await receipt.getByTestId('receipt-package-credits').textContent();
    expect(credits).toContain('10 Blow-dries: 1 × Blow-dry');
    // The physical gift card sold: its last 4 only.
    const cards = await receipt.getByTestId('receipt-gift-cards').textContent();
    expect(cards).toContain('•••• 8080');
    expect(cards).toContain('$25.00');
    expect(await receipt.textContent()).not.toContain('PHY-5555');

    // Tenders: the card and the cash handed over, less the change, come to the total.
    const labels = await receipt.getByTestId('receipt-tender-label').allTextContents();
    expect(labels).toHaveLength(2);
    expect(labels[0]).toMatch(/^\w+ •••• 1111$/);
    expect(labels[1]).toBe('Cash');
    const tendered = await amountsOf(receipt.getByTestId('receipt-tender'));
    expect(tendered[0]).toBe(2000);
    expect(tendered[1]).toBe(10000);
    const change = await amountOf(receipt.getByTestId('receipt-change'));
    expect(change).toBeGreaterThan(0);
    expect(sum(tendered) - change).toBe(total);
    return total;
  }

  it('a sale with a gift card, a package credit and card plus cash with change prints on the roll and on A4', async () => {
    await cashier.goto(`${rig.base}/pos`);
    await cashier.getByLabel('Customer (optional)').fill(holder.split(' ')[0]!);
    await cashier
      .getByRole('list', { name: 'Matching customers' })
      .getByRole('button', { name: new RegExp(holder) })
      .click();
    await cashier.getByTestId('customer-perks').getByText('10 Blow-dries', { exact: false }).waitFor();
    const search = cashier.getByLabel('Search, or scan a barcode');
    const items = cashier.getByRole('list', { name: 'Items' });
    await search.fill('Blow-dry');
    await cashier.getByRole('button', { name: 'Find' }).click();
    await items.getByRole('button', { name: /^Blow-dry/ }).click();
    await cashier.getByRole('list', { name: 'Cart' }).getByTestId('credit-used').waitFor();
    await search.fill('Curl Cream');
    await cashier.getByRole('button', { name: 'Find' }).click();
    await items.getByRole('button', { name: /Curl Cream 150 ml/ }).click();
    await cashier.getByRole('button', { name: 'Sell a gift card' }).click();
    const sell = cashier.getByRole('dialog', { name: 'Sell a gift card' });
    await sell.getByLabel('Amount').fill('25');
    await sell.getByLabel('Card serial').fill('PHY-5555-8080');
    await sell.getByRole('button', { name: 'Add to sale' }).click();
    await cashier.getByRole('list', { name: 'Gift cards sold' }).getByText('PHY-5555-8080').waitFor();

    // 20.00 on the card, then a 100 note for the rest: change comes back.
    await cashier.getByRole('button', { name: /^Charge \$/ }).click();
    const pay = cashier.getByRole('dialog');
    await pay.getByLabel('Amount on the card').fill('20');
    await pay.getByLabel('Card number').fill('4111 1111 1111 1111');
    await pay.getByLabel('Expiry date (MM/YY)').fill('12/30');
    await pay.getByLabel('Security code').fill('123');
    await pay.getByRole('button', { name: /^Add card payment of \$20\.00/ }).click();
    await pay.getByText(/^To pay: \$/).waitFor();
    await pay.getByLabel('Cash handed over').fill('100');
    await pay.getByRole('button', { name: 'Take cash' }).click();
    await pay.getByText('Change to give:').waitFor();
    await pay.getByRole('button', { name: 'Complete sale' }).click();
    const done = cashier.getByRole('heading', { name: /^Sale #\d+ complete$/ });
    await done.waitFor();
    const number = ((await done.textContent()) ?? '').replace(/\D/g, '');

    // The till roll.
    await cashier.getByRole('link', { name: 'Print receipt' }).click();
    await cashier.getByRole('heading', { name: `Receipt #${number}` }).waitFor();
    const orderId = /\/pos\/receipt\/([^/?]+)/.exec(cashier.url())![1]!;
    const total = await checkReceipt(cashier, 'roll');
    await rig.shot(cashier, 'receipt-roll-screen');
    await cashier.emulateMedia({ media: 'print' });
    await expect.poll(() => cashier.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await cashier.getByRole('link', { name: 'Transactions' }).isVisible()).toBe(false);
    await rig.shot(cashier, 'receipt-roll-print');
    // One page 80 mm wide, as long as the receipt: the printer cuts it once.
    const roll = pdfPages(await cashier.pdf({ preferCSSPageSize: true, printBackground: true }));
    expect(roll).toHaveLength(1);
    expect(roll[0]![0]).toBeCloseTo(80 * MM, 0);
    expect(roll[0]![1]).toBeGreaterThan(100 * MM);
    expect(roll[0]![1]).toBeLessThan(297 * MM);
    await cashier.emulateMedia({ media: 'screen' });

    // A4, from the order page.
    await cashier.goto(`${rig.base}/pos/orders/${orderId}`);
    await cashier.getByRole('heading', { name: `Order #${number}` }).waitFor();
    await cashier.getByRole('link', { name: 'Print receipt' }).click();
    await cashier.waitForURL(/format=a4/);
    expect(await checkReceipt(cashier, 'a4')).toBe(total);
    await rig.shot(cashier, 'receipt-a4-screen');
    await cashier.emulateMedia({ media: 'print' });
    await rig.shot(cashier, 'receipt-a4-print');
    const a4 = pdfPages(await cashier.pdf({ preferCSSPageSize: true, printBackground: true }));
    expect(a4).toHaveLength(1);
    expect(a4[0]![0]).toBeCloseTo(210 * MM, 0);
    expect(a4[0]![1]).toBeCloseTo(297 * MM, 0);
    await cashier.emulateMedia({ media: 'screen' });
    await cashier.getByRole('link', { name: 'Back to the order' }).click();
    await cashier.getByRole('heading', { name: `Order #${number}` }).waitFor();

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
