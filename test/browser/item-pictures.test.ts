import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPicture, setItemPicture } from '../../src/server/modules/catalog/index.js';
import { systemActor } from '../../src/server/platform/auth.js';
import { demoPicture } from '../../src/server/seed/demo-pictures.js';
import { type BrowserRig, openBrowserRig } from '../helpers/browser.js';

/** A product photo of sorts, as a phone would send it: large, a JPEG, with the camera's metadata. */
const bottlePhoto = async () =>
  sharp((await demoPicture('Rose Water Toner', 'Hair care')) ?? Buffer.alloc(0))
    .resize(1600)
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Artist: 'Phone Camera' } })
    .toBuffer();

describe('item pictures and every problem at once, in a real browser', () => {
  let rig: BrowserRig;
  let manager: Page;
  let shopper: Page;
  let itemUrl: string;

  beforeAll(async () => {
    rig = await openBrowserRig();
    manager = await rig.newPage();
    shopper = await rig.newPage();
    await rig.signInOwner(manager);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('an empty new item is refused with every missing field named at once', async () => {
    await manager.goto(`${rig.base}/admin/items/new`);
    await manager.getByRole('button', { name: 'Add product' }).click();
    const summary = manager.getByRole('alert').filter({ hasText: 'fields need fixing' });
    await summary.waitFor();
    expect(await summary.locator('strong').textContent()).toBe('3 fields need fixing');
    expect(await summary.getByRole('link').allTextContents()).toEqual(['Name', 'SKU', 'Price']);
    for (const label of ['Name', 'SKU', 'Price']) {
      const field = manager.getByLabel(label, { exact: true });
      expect(await field.getAttribute('aria-invalid'), label).toBe('true');
    }
    await manager.locator('#item-name-error', { hasText: 'must not be empty' }).waitFor();
    await manager.locator('#item-price-error', { hasText: 'enter an amount such as 18.50' }).waitFor();
    await rig.shot(manager, 'item-empty-form-errors');

    // What only the browser can read (the tax rate) and what only the server checks (the SKU's
    // characters) come back together.
    await manager.getByLabel('Name', { exact: true }).fill('Rose Water Toner');
    await manager.getByLabel('SKU', { exact: true }).fill('rose toner!');
    await manager.getByLabel('Price', { exact: true }).fill('24.00');
    await manager.getByLabel('Tax rate (%)').fill('eight');
    await manager.getByRole('button', { name: 'Add product' }).click();
    await summary.filter({ hasText: '2 fields need fixing' }).waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual(['SKU', 'Tax rate (%)']);
    await manager.locator('#item-sku-error', { hasText: 'may hold letters, digits' }).waitFor();
    await manager.locator('#item-taxRate-error', { hasText: 'must be a percentage such as 8.25' }).waitFor();
    await rig.shot(manager, 'item-browser-and-server-errors');

    await manager.getByLabel('SKU', { exact: true }).fill('SK-ROSE-TONER');
    await manager.getByLabel('Tax rate (%)').fill('8.25');
    await manager.getByLabel('Stock on hand now').fill('12');
    await manager.getByRole('button', { name: 'Add product' }).click();
    await manager.waitForURL(new RegExp(`^${rig.base}/admin/items/itm_`));
    itemUrl = manager.url();
    await manager.getByRole('heading', { level: 1, name: 'Rose Water Toner' }).waitFor();
  });

  it('other back-office forms list the browser’s and the server’s problems together', async () => {
    // A gift card: an amount the browser cannot read, an email only the server judges.
    await manager.goto(`${rig.base}/admin/gift-cards`);
    await manager.getByRole('button', { name: 'Issue a card' }).click();
    const dialog = manager.getByRole('dialog', { name: 'Issue a gift card' });
    await dialog.getByLabel('Amount').fill('lots');
    await dialog.getByLabel('Owner’s email').fill('not-an-email');
    await dialog.getByRole('button', { name: /^Issue/ }).click();
    const cardSummary = dialog.getByRole('alert').filter({ hasText: '2 fields need fixing' });
    await cardSummary.waitFor();
    expect(await cardSummary.getByRole('link').allTextContents()).toEqual(['Amount', 'Owner’s email']);
    await dialog.locator('#issue-amount-error', { hasText: 'Enter an amount such as 25.00' }).waitFor();
    await dialog.locator('#issue-owner-error', { hasText: 'must be an email address' }).waitFor();
    await rig.shot(manager, 'gift-card-issue-errors');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // A staff invitation: an empty name the browser sees, a wrong email the server sees.
    await manager.goto(`${rig.base}/admin/staff`);
    const invite = manager.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Email').fill('nobody-at-all');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    const inviteSummary = invite.getByRole('alert').filter({ hasText: '2 fields need fixing' });
    await inviteSummary.waitFor();
    expect(await inviteSummary.getByRole('link').allTextContents()).toEqual(['Email', 'Name']);
    await rig.shot(manager, 'staff-invite-errors');
  });

  it('a manager uploads a picture and sees it in the editor, the register, the shop and the cart', async () => {
    await manager.goto(itemUrl);
    const panel = manager.getByRole('region', { name: 'Picture' });
    await panel.getByText('No picture yet').waitFor();
    // Not a picture: refused before it is sent.
    await manager.setInputFiles('#item-picture', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello'),
    });
    await panel.getByText('Choose a JPEG, PNG or WebP picture.').waitFor();

    await manager.setInputFiles('#item-picture', {
      name: 'toner.jpg',
      mimeType: 'image/jpeg',
      buffer: await bottlePhoto(),
    });
    await panel.getByRole('status').filter({ hasText: 'Picture saved.' }).waitFor();
    const shown = panel.getByRole('img', { name: 'Rose Water Toner' });
    await shown.waitFor();
    const src = (await shown.getAttribute('src')) ?? '';
    expect(src).toMatch(/^\/api\/admin\/items\/itm_\w+\/picture\?v=/);
    expect(await shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);
    await rig.shot(manager, 'item-picture-editor');

    // The item list.
    await manager.goto(`${rig.base}/admin/items?q=rose%20water`);
    const row = manager.getByRole('row').filter({ hasText: 'SK-ROSE-TONER' });
    expect(await row.locator('img.items-thumb').getAttribute('src')).toBe(src);
    await manager.goto(`${rig.base}/admin/items`);
    await manager.getByRole('row').filter({ hasText: 'PRD-001' }).waitFor();
    await rig.shot(manager, 'items-list-thumbnails');

    // The register's grid.
    await manager.goto(`${rig.base}/pos`);
    await manager.getByLabel('Search, or scan a barcode').fill('Rose Water');
    await manager.getByRole('button', { name: 'Find' }).click();
    const registerTile = manager
      .getByRole('list', { name: 'Items' })
      .getByRole('button', { name: /Rose Water Toner/ });
    const tilePic = registerTile.locator('img.item-tile-picture');
    await tilePic.waitFor();
    expect(await tilePic.getAttribute('src')).toBe(src);
    await manager.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.item-tile-picture');
      return img?.complete && img.naturalWidth > 0;
    });
    await rig.shot(manager, 'register-tile-with-picture');

    // The shop, for a shopper who has not signed in.
    await shopper.goto(`${rig.base}/shop?q=rose%20water`);
    const tile = shopper.getByRole('listitem').filter({ hasText: 'Rose Water Toner' });
    const tilePicture = tile.locator('img.item-picture');
    await tilePicture.waitFor();
    expect(await tilePicture.getAttribute('src')).toMatch(/^\/api\/store\/items\/itm_\w+\/picture\?v=/);
    await shopper.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('img.item-picture')].every(
        (i) => i.complete && i.naturalWidth > 0,
      ),
    );
    await rig.shot(shopper, 'shop-with-picture');

    await tile.getByRole('button', { name: 'Add Rose Water Toner to the cart' }).click();
    await shopper.goto(`${rig.base}/shop/cart`);
    const line = shopper
      .getByRole('list', { name: 'Cart' })
      .getByRole('listitem')
      .filter({ hasText: 'Rose Water Toner' });
    const linePicture = line.locator('img.item-picture');
    await linePicture.waitFor();
    await shopper.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.cart-lines img.item-picture');
      return img?.complete && img.naturalWidth > 0;
    });
    await rig.shot(shopper, 'shop-cart-with-picture');

    // Taken away: the editor and the shop show the initial instead.
    await manager.goto(itemUrl);
    await panel.getByRole('button', { name: 'Remove picture' }).click();
    await panel.getByRole('status').filter({ hasText: 'Picture removed.' }).waitFor();
    await panel.getByText('No picture yet').waitFor();
    await shopper.goto(`${rig.base}/shop?q=rose%20water`);
    await shopper
      .getByRole('listitem')
      .filter({ hasText: 'Rose Water Toner' })
      .locator('.item-picture-none')
      .waitFor();
    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });

  it('the shop pages past 24 items and filters by kind', async () => {
    await shopper.goto(`${rig.base}/shop`);
    const grid = shopper.getByRole('list', { name: 'Products' });
    const tiles = grid.getByRole('listitem');
    await tiles.first().waitFor();
    expect(await tiles.count()).toBe(24);
    await shopper.getByRole('button', { name: 'Load more' }).click();
    await shopper.waitForFunction(() => document.querySelectorAll('.product-grid > li').length > 24);
    const all = await tiles.count();
    // The demo's 30 products, its packages and memberships, and the toner; not its services.
    expect(all).toBeGreaterThan(30);
    expect(await shopper.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await rig.shot(shopper, 'shop-all-pages');

    await shopper.getByLabel('Memberships').check();
    await shopper.waitForURL(`${rig.base}/shop?kind=membership`);
    const memberships = shopper.getByRole('list', { name: 'Memberships' }).getByRole('listitem');
    await memberships.first().waitFor();
    expect(await memberships.allTextContents()).toEqual([
      expect.stringContaining('Annual VIP Membership'),
      expect.stringContaining('Monthly Membership'),
    ]);
    await rig.shot(shopper, 'shop-memberships');
    // A membership's page shows its picture too.
    const vipId = new URL(
      (await memberships
        .first()
        .getByRole('link', { name: 'See Annual VIP Membership' })
        .getAttribute('href')) ?? '',
      rig.base,
    ).pathname.split('/')[3]!;
    const { db } = rig.deps.database;
    await setItemPicture(db, systemActor, vipId, await renderPicture(await bottlePhoto(), 'image/jpeg'));
    await memberships.first().getByRole('link', { name: 'See Annual VIP Membership' }).click();
    await shopper.waitForURL(new RegExp(`^${rig.base}/shop/plans/itm_`));
    await shopper.getByRole('heading', { level: 1, name: 'Annual VIP Membership' }).waitFor();
    await shopper.getByRole('img', { name: 'Annual VIP Membership' }).waitFor();
    await shopper.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.plan-picture');
      return img?.complete && img.naturalWidth > 0;
    });
    await rig.shot(shopper, 'shop-plan-with-picture');

    await shopper.goto(`${rig.base}/shop?kind=product`);
    const products = shopper.getByRole('list', { name: 'Products' }).getByRole('listitem');
    await products.first().waitFor();
    expect(await products.count()).toBe(24);
    await shopper.getByRole('button', { name: 'Load more' }).click();
    await shopper.waitForFunction(() => document.querySelectorAll('.product-grid > li').length > 24);
    expect(await products.count()).toBe(31);
    expect(await shopper.getByLabel('Products').first().isChecked()).toBe(true);
  });
});
