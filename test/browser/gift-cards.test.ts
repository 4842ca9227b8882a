import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  emailTo,
  openBrowserRig,
  receivedBy,
  signInDemoCashier,
  signUpAndSignIn,
} from '../helpers/browser.js';

const GIVER = { name: 'Robin Giver', email: 'robin@example.com', password: 'Amber-Meadow-Lark-4' };
const FRIEND = 'friend.of.robin@example.com';

describe('gift cards in a real browser', () => {
  let rig: BrowserRig;
  let owner: Page;
  let cashier: Page;
  let shopper: Page;
  let code = '';

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

  const payCash = async (page: Page) => {
    const pay = page.getByRole('dialog');
    const due = (await pay.getByText(/^To pay:/).textContent()) ?? '';
    await pay.getByLabel('Cash handed over').fill(due.replace(/[^0-9.]/g, ''));
    await pay.getByRole('button', { name: 'Take cash' }).click();
    await pay.getByText('Paid in full').waitFor();
    await pay.getByRole('button', { name: 'Complete sale' }).click();
    await page.getByRole('heading', { name: /^Sale #\d+ complete$/ }).waitFor();
  };

  it('a shopper buys a card for a friend with a formatted message; the friend’s email shows it', async () => {
    await signUpAndSignIn(rig, shopper, GIVER, '/account');
    await shopper.goto(`${rig.base}/shop/gift-cards`);
    await shopper.getByRole('heading', { name: 'Gift cards', level: 1 }).waitFor();
    await shopper.getByLabel('Amount').fill('60');
    await shopper.getByLabel('Send it to').fill(FRIEND);
    const editor = shopper.getByRole('textbox', { name: 'Your message (optional)' });
    // The message typed first, then formatted by selecting words with the keyboard, as people
    // usually do. The editor takes a selection from the page a moment after the keys, as a person
    // sees the words highlighted before reaching for the toolbar; the toolbar is used once it has
    // (and the words are selected again if a keystroke went astray on a busy machine).
    const selected = () =>
      shopper.evaluate(() => {
        type Editor = {
          state: {
            selection: { from: number; to: number };
            doc: { textBetween(a: number, b: number): string };
          };
        };
        const view = document.querySelector('.ProseMirror') as (Element & { editor?: Editor }) | null;
        const state = view?.editor?.state;
        return state ? state.doc.textBetween(state.selection.from, state.selection.to) : null;
      });
    const select = async (text: string, words: string) => {
      const from = text.indexOf(words);
      for (let attempt = 1; ; attempt++) {
        await editor.focus();
        await shopper.keyboard.press('Control+Home');
        for (let i = 0; i < from; i++) await shopper.keyboard.press('ArrowRight');
        await shopper.keyboard.down('Shift');
        for (let i = 0; i < words.length; i++) await shopper.keyboard.press('ArrowRight');
        await shopper.keyboard.up('Shift');
        const deadline = Date.now() + 3000;
        while (Date.now() < deadline && (await selected()) !== words) await shopper.waitForTimeout(50);
        const now = await selected();
        if (now === words) return;
        if (attempt === 3)
          throw new Error(`The editor selected ${JSON.stringify(now)}, not ${JSON.stringify(words)}`);
      }
    };
    const message = 'Happy birthday! Treat yourself at the spa';
    await editor.click();
    await shopper.keyboard.type(message);
    await select(message, 'Happy birthday!');
    await shopper.getByRole('button', { name: 'Bold' }).click();
    await editor.locator('strong').getByText('Happy birthday!').waitFor();
    await select(message, 'Treat yourself');
    await shopper.getByRole('button', { name: 'Italic' }).click();
    await editor.locator('em').getByText('Treat yourself').waitFor();
    await select(message, 'spa');
    shopper.once('dialog', (d) => void d.accept('https://example.com/spa'));
    await shopper.getByRole('button', { name: 'Link' }).click();
    await editor.locator('a[href="https://example.com/spa"]').waitFor();
    await editor.locator('strong').getByText('Happy birthday!').waitFor();
    await rig.shot(shopper, 'shop-gift-card-message');
    await shopper.getByRole('button', { name: 'Add to cart' }).click();

    await shopper.waitForURL(`${rig.base}/shop/cart`);
    await shopper.getByText(`Gift card for ${FRIEND}`).waitFor();
    await shopper.getByRole('link', { name: 'Checkout' }).click();
    await shopper.getByRole('heading', { name: 'Checkout' }).waitFor();
    // Nothing to deliver: a gift card goes by email.
    expect(await shopper.getByText('Deliver to my address').count()).toBe(0);
    await shopper.getByLabel('Card number').fill('4111 1111 1111 1111');
    await shopper.getByLabel('Expiry date (MM/YY)').fill('11/31');
    await shopper.getByLabel('Security code').fill('321');
    await shopper.getByRole('button', { name: 'Pay $60.00' }).click();
    await shopper.getByRole('heading', { name: /^Order #\d+$/ }).waitFor();

    const mail = await receivedBy(rig, FRIEND, 'Your code');
    expect(mail.subject).toBe('Robin Giver sent you a $60.00 gift card for Juniper Hair & Beauty');
    code = /Your code: (\d{4} \d{4} \d{4} \d{4})/.exec(mail.text)![1]!.replace(/ /g, '');
    expect(mail.text, mail.text).toContain('Happy birthday! Treat yourself at the spa');
    // Staff see that the card was sent, never its code.
    const seen = await emailTo(owner, FRIEND, 'Your code');
    expect(seen.text).toContain(`Your code: •••• ${code.slice(-4)}`);
    expect(seen.text).not.toContain(code.slice(4, 12));

    // The mailbox shows the email as the friend sees it: the formatting kept, the link safe.
    await owner.goto(`${rig.base}/admin/mailbox`);
    await owner.getByText('Robin Giver sent you a $60.00 gift card').first().click();
    const html = owner.frameLocator('iframe').first();
    await html.locator('strong').getByText('Happy birthday!').waitFor();
    await html.locator('em').getByText('Treat yourself').waitFor();
    expect(await html.locator('a[href="https://example.com/spa"]').count()).toBe(1);
    await rig.shot(owner, 'mailbox-gift-card-email');
  });

  it('the friend’s card pays part of a sale at the register, and the rest online', async () => {
    await cashier.goto(`${rig.base}/pos`);
    const search = cashier.getByLabel('Search, or scan a barcode');
    await search.fill('Blow-dry');
    await cashier.getByRole('button', { name: 'Find' }).click();
    await cashier
      .getByRole('list', { name: 'Items' })
      .getByRole('button', { name: /^Blow-dry/ })
      .click();
    await cashier.getByRole('button', { name: /^Charge \$/ }).click();
    const pay = cashier.getByRole('dialog');
    await pay.getByLabel('Gift card code').fill(code.replace(/(.{4})(?=.)/g, '$1 '));
    await pay.getByLabel('Amount', { exact: true }).fill('20');
    await pay.getByRole('button', { name: 'Add gift card' }).click();
    await pay.getByText(`Gift card •••• ${code.slice(-4)}`).waitFor();
    await rig.shot(cashier, 'pos-gift-card-tender');
    await payCash(cashier);

    // Online, the rest of the card (40.00) goes towards four lip balm trios, the card paying the rest.
    await shopper.goto(`${rig.base}/shop`);
    await shopper.getByLabel('Search the shop').fill('Lip Balm');
    await shopper.getByRole('button', { name: 'Search' }).click();
    const add = shopper.getByRole('button', { name: 'Add Lip Balm Trio to the cart' });
    for (let i = 0; i < 4; i++) await add.click();
    await shopper.getByRole('link', { name: 'Cart (4)' }).click();
    await shopper.getByRole('link', { name: 'Checkout' }).click();
    await shopper.getByRole('radio', { name: 'Collect in store' }).check();
    await shopper.getByLabel('Gift card code').fill(code);
    await shopper.getByRole('button', { name: 'Apply' }).click();
    const applied = shopper.getByRole('list', { name: 'Gift cards applied' });
    await applied.getByText('$40.00').waitFor();
    await shopper.getByLabel('Card number').fill('4111 1111 1111 1111');
    await shopper.getByLabel('Expiry date (MM/YY)').fill('11/31');
    await shopper.getByLabel('Security code').fill('321');
    await rig.shot(shopper, 'shop-checkout-gift-card');
    await shopper.getByRole('button', { name: /^Pay \$/ }).click();
    await shopper.getByRole('heading', { name: /^Order #\d+$/ }).waitFor();

    await shopper.goto(`${rig.base}/shop/gift-cards/balance`);
    await shopper.getByLabel('Gift card code').fill(code);
    await shopper.getByRole('button', { name: 'Check balance' }).click();
    await shopper.getByTestId('gift-balance').getByText('$0.00').waitFor();
  });

  it('a cashier sells and activates a physical card by its serial; the back office shows it and the ledger', async () => {
    await cashier.goto(`${rig.base}/pos`);
    await cashier.getByRole('button', { name: 'Sell a gift card' }).click();
    const sell = cashier.getByRole('dialog', { name: 'Sell a gift card' });
    await sell.getByLabel('Amount').fill('25');
    await sell.getByLabel('Card serial').fill('PHY-7777-4242');
    await sell.getByRole('button', { name: 'Add to sale' }).click();
    await cashier.getByRole('list', { name: 'Gift cards sold' }).getByText('PHY-7777-4242').waitFor();
    await cashier.getByRole('button', { name: 'Charge $25.00' }).click();
    await payCash(cashier);
    await rig.shot(cashier, 'pos-gift-card-sold');

    await owner.goto(`${rig.base}/admin/gift-cards`);
    await owner.getByLabel('Last 4 of the code, owner’s email, or order').fill('4242');
    await owner.getByLabel('Kind').selectOption('physical');
    await owner.getByRole('button', { name: 'Filter' }).click();
    await owner.getByRole('link', { name: '•••• 4242' }).click();
    await owner.getByTestId('gift-card-balance').getByText('$25.00').waitFor();
    // A correction, with its reason, then the card disabled as lost.
    await owner.getByRole('button', { name: 'Adjust balance' }).click();
    const adjust = owner.getByRole('dialog', { name: 'Adjust the balance' });
    await adjust.getByRole('button', { name: 'Adjust' }).click();
    await adjust.getByText('Say why the balance changes').first().waitFor();
    await adjust.getByLabel('Amount').fill('-5');
    await adjust.getByLabel('Reason').fill('Rang up 5.00 too much');
    await adjust.getByRole('button', { name: 'Adjust' }).click();
    await owner.getByTestId('gift-card-balance').getByText('$20.00').waitFor();
    await owner.getByRole('table', { name: 'Ledger' }).getByText('Rang up 5.00 too much').waitFor();
    await owner.getByRole('button', { name: 'Disable' }).click();
    await owner
      .getByRole('dialog', { name: 'Disable the card' })
      .getByRole('button', { name: 'Disable' })
      .click();
    await owner.getByRole('button', { name: 'Enable' }).waitFor();
    await owner.getByText('Disabled', { exact: true }).first().waitFor();
    await rig.shot(owner, 'admin-gift-card');

    // The friend's card: its ledger has the issue and both redemptions.
    await owner.goto(`${rig.base}/admin/gift-cards?q=${code.slice(-4)}`);
    await owner.getByRole('link', { name: `•••• ${code.slice(-4)}` }).click();
    const ledger = owner.getByRole('table', { name: 'Ledger' });
    await ledger.getByText('Issued').waitFor();
    expect(await ledger.getByText('Spent').count()).toBe(2);
    await owner.getByTestId('gift-card-balance').getByText('$0.00').waitFor();

    await owner.goto(`${rig.base}/admin/reports/gift-cards`);
    await owner.getByRole('heading', { name: 'Gift card liability' }).waitFor();
    await owner.getByTestId('outstanding-total').waitFor();
    await rig.shot(owner, 'admin-gift-card-liability');

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
