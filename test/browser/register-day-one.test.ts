import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, openBrowserRig, signInDemoCashier } from '../helpers/browser.js';

const BARCODE = '5012345678900';
const SIZES = {
  laptop: { width: 1366, height: 768 },
  tablet: { width: 768, height: 1024 },
  phone: { width: 390, height: 844 },
} as const;
type Size = keyof typeof SIZES;

describe('a first day at the register', () => {
  let rig: BrowserRig;
  let owner: Page;
  let cashier: Page;
  /** A card with 5.00 on it, whose code the cashier types. */
  let smallCard = '';

  /** What the screen shows, as the cashier sees it (not the whole page). */
  const view = (page: Page, name: string) =>
    page.screenshot({ path: path.join('test-results', `${name}.png`), fullPage: false });

  /** As the owner, through the API from the owner's own signed-in browser. */
  const asOwner = async <T>(url: string, body: unknown): Promise<T> => {
    const answer = await owner.evaluate(
      async ({ url, body }) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: res.status, json: await res.json() };
      },
      { url, body },
    );
    expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    return answer.json as T;
  };

  const cartLine = (page: Page, name: string) =>
    page.getByRole('list', { name: 'Cart' }).getByRole('listitem').filter({ hasText: name });
  const quantityOf = async (page: Page, name: string) => {
    const line = cartLine(page, name);
    if ((await line.count()) === 0) return 0;
    const text = (await line.locator('.cart-line-qty').textContent()) ?? '';
    return Number(text.replace(/\D/g, ''));
  };
  const tile = (page: Page, name: RegExp) =>
    page.getByRole('list', { name: 'Items' }).getByRole('button', { name });
  const scanBox = (page: Page) => page.getByLabel('Search, or scan a barcode');
  const focusIsInScanBox = (page: Page) =>
    page.evaluate(() => document.activeElement?.id === 'register-search');
  /** A barcode scanner: digits typed fast, then Enter, into whatever has focus. */
  const scan = async (page: Page, code: string) => {
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  };
  const openRegister = async (page: Page) => {
    await page.goto(`${rig.base}/pos`);
    await tile(page, /^Wide-Tooth Comb/).waitFor();
  };
  const emptyCart = async (page: Page) => {
    await page.reload();
    await tile(page, /^Wide-Tooth Comb/).waitFor();
  };
  /** Whether the box lies wholly inside the page's viewport. */
  const inView = async (page: Page, locator: Locator) => {
    const box = await locator.boundingBox();
    const size = page.viewportSize()!;
    expect(box, 'on screen').not.toBeNull();
    return (
      box!.x >= 0 && box!.y >= 0 && box!.x + box!.width <= size.width && box!.y + box!.height <= size.height
    );
  };

  beforeAll(async () => {
    rig = await openBrowserRig();
    owner = await rig.newPage();
    cashier = await rig.newPage();
    await rig.signInOwner(owner);
    await asOwner('/api/admin/items', {
      kind: 'product',
      sku: 'ROSE-OIL',
      name: 'Rose Hair Oil',
      barcode: BARCODE,
      price: 1800,
      cost: 600,
      taxRate: 0,
      trackStock: true,
      initialStock: 40,
    });
    smallCard = (await asOwner<{ code: string }>('/api/admin/gift-cards', { amount: 500 })).code;
    await signInDemoCashier(rig, cashier);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('1. a scan adds the scanned item, whatever had focus; typing in a real field is left alone', async () => {
    await cashier.setViewportSize(SIZES.laptop);
    await openRegister(cashier);
    // The first scan of the day: the scan box has focus as the register opens.
    await expect.poll(() => focusIsInScanBox(cashier)).toBe(true);
    await scan(cashier, BARCODE);
    await expect.poll(() => quantityOf(cashier, 'Rose Hair Oil')).toBe(1);

    // A tap on the comb's tile, then a scan: the comb stays at 1 and the oil goes to 2.
    await tile(cashier, /^Wide-Tooth Comb/).click();
    await expect.poll(() => quantityOf(cashier, 'Wide-Tooth Comb')).toBe(1);
    await expect.poll(() => focusIsInScanBox(cashier)).toBe(true);
    await tile(cashier, /^Wide-Tooth Comb/).focus();
    await scan(cashier, BARCODE);
    await expect.poll(() => quantityOf(cashier, 'Rose Hair Oil')).toBe(2);
    expect(await quantityOf(cashier, 'Wide-Tooth Comb')).toBe(1);

    // Focus on a button in the cart: the scan still goes to the scan box.
    await cashier.getByRole('button', { name: 'One more Wide-Tooth Comb' }).click();
    await expect.poll(() => quantityOf(cashier, 'Wide-Tooth Comb')).toBe(2);
    await expect.poll(() => focusIsInScanBox(cashier)).toBe(true);
    await cashier.getByRole('button', { name: 'Remove Wide-Tooth Comb' }).focus();
    await scan(cashier, BARCODE);
    await expect.poll(() => quantityOf(cashier, 'Rose Hair Oil')).toBe(3);
    expect(await quantityOf(cashier, 'Wide-Tooth Comb')).toBe(2);
    await expect.poll(() => scanBox(cashier).inputValue()).toBe('');

    // Typing in the customer search is the cashier's: nothing goes to the scan box.
    const customer = cashier.getByLabel('Customer (optional)');
    await customer.click();
    await cashier.keyboard.type('5012');
    expect(await customer.inputValue()).toBe('5012');
    expect(await scanBox(cashier).inputValue()).toBe('');
    await customer.fill('');
    await rig.shot(cashier, 'day-one-scan-1366');

    // Nor in a tender amount in the payment dialog.
    await cashier.getByRole('button', { name: /^Charge \$/ }).click();
    const pay = cashier.getByRole('dialog');
    await pay.getByLabel('Cash handed over').click();
    await cashier.keyboard.type('12');
    expect(await pay.getByLabel('Cash handed over').inputValue()).toBe('12');
    // Back to the cart: the scan box has focus again.
    await pay.getByRole('button', { name: 'Back to the cart' }).click();
    await expect.poll(() => focusIsInScanBox(cashier)).toBe(true);
    expect(await scanBox(cashier).inputValue()).toBe('');
    expect(rig.pageErrors).toEqual([]);
  });

  it('2. gift cards are checked as they are added; a card reads "to charge"; a refusal shows beside its payment', async () => {
    await cashier.setViewportSize(SIZES.laptop);
    await emptyCart(cashier);
    await tile(cashier, /^Wide-Tooth Comb/).click(); // 8.00 + tax
    await scan(cashier, BARCODE); // 18.00
    await expect.poll(() => quantityOf(cashier, 'Rose Hair Oil')).toBe(1);
    const charge = cashier.getByRole('button', { name: /^Charge \$/ });
    const total = Number(((await charge.textContent()) ?? '').replace(/[^0-9.]/g, ''));
    await charge.click();
    const pay = cashier.getByRole('dialog');
    const code = pay.getByLabel('Gift card code');

    // A code that is no card: told now, in the server's words, and nothing is taken.
    await code.fill('6061 0000 0000 0000');
    await pay.getByRole('button', { name: 'Add gift card' }).click();
    await pay.getByText('No gift card has this code.').waitFor();
    await pay.getByText(`To pay: $${total.toFixed(2)}`).waitFor();
    expect(await pay.getByRole('list', { name: 'Payments' }).count()).toBe(0);
    await view(cashier, 'day-one-gift-card-unknown-1366');
    // The error clears as the code is corrected.
    await code.fill(smallCard);
    await expect.poll(() => pay.getByText('No gift card has this code.').count()).toBe(0);

    // A card with 5.00 on it, asked for the whole sale: it takes 5.00 and the rest stays to pay.
    await pay.getByRole('button', { name: 'Add gift card' }).click();
    const payments = pay.getByRole('list', { name: 'Payments' });
    await payments.getByText(`Gift card •••• ${smallCard.slice(-4)}`).waitFor();
    await payments.getByText('$5.00 on the card').waitFor();
    await pay.getByText(`To pay: $${(total - 5).toFixed(2)}`).waitFor();
    expect(await pay.getByText('Paid in full').count()).toBe(0);
    // The same card again is refused at once.
    await code.fill(smallCard);
    await pay.getByRole('button', { name: 'Add gift card' }).click();
    await pay.getByText(/is already a payment in this sale/).waitFor();
    await code.fill('');

    // A card that the gateway declines: "to charge" until Complete, then the refusal beside it.
    await pay.getByLabel('Card number').fill('4387 7511 1111 1053');
    await pay.getByLabel('Expiry date (MM/YY)').fill('12/30');
    await pay.getByLabel('Security code').fill('123');
    await pay.getByRole('button', { name: /^Add card payment of/ }).click();
    const declined = payments.getByRole('listitem').filter({ hasText: 'Card •••• 1053' });
    await declined.getByText('to charge').waitFor();
    await pay.getByText(/to charge to the card on completing/).waitFor();
    await view(cashier, 'day-one-tenders-1366');
    await pay.getByRole('button', { name: 'Complete sale' }).click();
    const refusal = declined.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/declined/i);
    expect(await pay.getByText('Some payments cannot be taken.').count()).toBe(0);
    await view(cashier, 'day-one-card-declined-1366');

    // Removing the declined card clears its error; a good card completes the sale.
    await pay.getByRole('button', { name: 'Remove Card •••• 1053 payment' }).click();
    await expect.poll(() => pay.getByRole('alert').count()).toBe(0);
    await pay.getByLabel('Card number').fill('4111 1111 1111 1111');
    await pay.getByLabel('Expiry date (MM/YY)').fill('12/30');
    await pay.getByLabel('Security code').fill('123');
    await pay.getByRole('button', { name: /^Add card payment of/ }).click();
    await payments
      .getByRole('listitem')
      .filter({ hasText: 'Card •••• 1111' })
      .getByText('to charge')
      .waitFor();
    await pay.getByRole('button', { name: 'Complete sale' }).click();
    await cashier.getByRole('heading', { name: /^Sale #\d+ complete$/ }).waitFor();

    // The card had 5.00, and 5.00 was taken.
    const left = await cashier.evaluate(async (code) => {
      const res = await fetch('/api/pos/gift-cards/lookup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      return (await res.json()).balance as number;
    }, smallCard);
    expect(left).toBe(0);
  });

  for (const size of ['laptop', 'tablet', 'phone'] as const satisfies Size[]) {
    const { width, height } = SIZES[size];
    it(`4. at ${width}×${height} the total and Charge stay in view and the payment dialog fits`, async () => {
      await cashier.setViewportSize(SIZES[size]);
      await cashier.goto(`${rig.base}/pos`);
      // A busy sale: a dozen different products, and one scanned.
      const tiles = cashier
        .getByRole('list', { name: 'Items' })
        .getByRole('button')
        .filter({ hasText: 'in stock' });
      await tiles.first().waitFor();
      for (let i = 0; i < 12; i++) await tiles.nth(i).click();
      await scan(cashier, BARCODE);
      const charge = cashier.getByRole('button', { name: /^Charge \$/ });
      await expect.poll(() => charge.textContent()).not.toBe('Charge $0.00');
      const total = cashier.getByTestId('sale-total');
      // At the top of the page, and scrolled right down through the grid.
      expect(await inView(cashier, charge)).toBe(true);
      expect(await inView(cashier, total)).toBe(true);
      expect(await total.textContent()).toBe(((await charge.textContent()) ?? '').replace('Charge ', ''));
      await view(cashier, `day-one-register-${width}x${height}`);
      await cashier.mouse.wheel(0, 5000);
      await expect.poll(() => cashier.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      expect(await inView(cashier, charge)).toBe(true);
      expect(await inView(cashier, total)).toBe(true);
      await view(cashier, `day-one-register-scrolled-${width}x${height}`);

      if (size !== 'laptop') {
        // The cart opens above the bar, as a drawer, and the bar stays.
        await cashier.getByRole('button', { name: /^Cart \(\d+\)$/ }).click();
        const cart = cashier.getByRole('list', { name: 'Cart' });
        await cart.getByText('Rose Hair Oil').waitFor();
        expect(await inView(cashier, charge)).toBe(true);
        expect(await inView(cashier, cashier.getByRole('heading', { name: 'Sale', level: 2 }))).toBe(true);
        await view(cashier, `day-one-cart-drawer-${width}x${height}`);
        // Closed with its button, or with Escape as a dialog would be.
        if (size === 'phone') await cashier.keyboard.press('Escape');
        else await cashier.getByRole('button', { name: 'Hide cart' }).click();
        await cart.waitFor({ state: 'hidden' });
      } else {
        expect(await cashier.getByRole('button', { name: /^Cart \(\d+\)$/ }).isVisible()).toBe(false);
      }

      await charge.click();
      const dialog = cashier.getByRole('dialog');
      await dialog.getByText(/^To pay:/).waitFor();
      expect(await inView(cashier, dialog)).toBe(true);
      // Nothing in it is wider than the screen, and Complete is in view without scrolling the page.
      const overflow = await dialog.evaluate((d) => d.scrollWidth - d.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await inView(cashier, dialog.getByRole('button', { name: 'Complete sale' }))).toBe(true);
      await view(cashier, `day-one-payment-${width}x${height}`);
      // Scrolled inside itself to the card form, it still fits.
      await dialog.getByLabel('Card number').scrollIntoViewIfNeeded();
      expect(await inView(cashier, dialog.getByLabel('Card number'))).toBe(true);
      expect(await inView(cashier, dialog)).toBe(true);
      expect(await inView(cashier, dialog.getByRole('button', { name: 'Complete sale' }))).toBe(true);
      await view(cashier, `day-one-payment-scrolled-${width}x${height}`);
      await dialog.getByRole('button', { name: 'Back to the cart' }).click();
      await rig.shot(cashier, `day-one-register-full-${width}x${height}`);
      expect(rig.pageErrors).toEqual([]);
      expect(rig.cspViolations).toEqual([]);
    });
  }
});
