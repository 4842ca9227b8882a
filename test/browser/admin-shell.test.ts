import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, BUSINESS, OWNER, openBrowserRig } from '../helpers/browser.js';

describe('admin shell in a real browser', () => {
  let rig: BrowserRig;
  let base: string;
  let page: Page;

  const shot = (name: string) => rig.shot(page, name);

  beforeAll(async () => {
    rig = await openBrowserRig();
    base = rig.base;
    page = await rig.newPage();
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('signs in, changes settings, reads the audit log and the mailbox', async () => {
    // Not signed in: the back office sends us to the sign-in page.
    await page.goto(`${base}/admin/settings`);
    await page.waitForURL(`${base}/login`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot('login');

    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is not right.' }).waitFor();
    await shot('login-error');

    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back to the page that sent us to sign in.
    await page.waitForURL(`${base}/admin/settings`);
    await page.locator('.business-name', { hasText: BUSINESS }).waitFor();

    await page
      .getByRole('navigation', { name: 'Back office' })
      .getByRole('link', { name: 'Overview' })
      .click();
    await page.waitForURL(`${base}/admin`);
    await page.getByText('Running').waitFor();
    expect(await page.getByRole('main').textContent()).toContain(BUSINESS);
    await shot('admin-overview');

    // Settings: a bad serial prefix is refused field by field, then a good one is saved.
    const nav = page.getByRole('navigation', { name: 'Back office' });
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${base}/admin/settings`);
    const onlineShop = page.getByLabel('Online shop');
    const prefix = page.getByLabel('Serial prefix');
    expect(await onlineShop.isChecked()).toBe(true);
    expect(await prefix.inputValue()).toBe('6061');
    expect(await page.getByLabel('Smallest amount').inputValue()).toBe('10.00');
    // The shop's own details and clock, and gift card switches that say what they act on.
    expect(await page.getByLabel('Time zone').inputValue()).toBe('America/Los_Angeles');
    expect(await page.getByLabel('City').inputValue()).toBe('Portland');
    expect(await page.getByLabel('Create and update Shopify gift cards').isChecked()).toBe(false);
    await page.getByText('These three act on a connected Shopify store').waitFor();
    await onlineShop.uncheck();
    await prefix.fill('12a');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .locator('#setting-giftCards-serialPrefix-error', { hasText: 'must be exactly 4 digits' })
      .waitFor();
    await page.getByRole('alert').filter({ hasText: 'One setting needs fixing' }).waitFor();
    expect(await prefix.getAttribute('aria-invalid')).toBe('true');
    await shot('admin-settings-error');

    await prefix.fill('7788');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    expect(await page.locator('#setting-giftCards-serialPrefix-error').count()).toBe(0);
    await shot('admin-settings');

    await page.reload();
    await page.getByLabel('Serial prefix').waitFor();
    expect(await page.getByLabel('Serial prefix').inputValue()).toBe('7788');
    expect(await page.getByLabel('Online shop').isChecked()).toBe(false);
    expect(await page.getByLabel('Card processing').isChecked()).toBe(true);

    // The audit log says who changed what.
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${base}/admin/audit-log`);
    const settingsRow = page
      .getByRole('row')
      .filter({ hasText: 'settings.updated' })
      .filter({ hasText: OWNER.email });
    await settingsRow.first().waitFor();
    const rowText = await settingsRow.first().textContent();
    expect(rowText).toContain('onlineShop: true → false');
    expect(rowText).toContain('giftCards.serialPrefix: 6061 → 7788');
    await shot('admin-audit-log');

    // Mailbox: a test email is kept in the built-in mailbox and can be read.
    await nav.getByRole('link', { name: 'Mailbox' }).click();
    await page.waitForURL(`${base}/admin/mailbox`);
    await page.getByLabel('Send a test email to').fill('someone@example.com');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByRole('status').filter({ hasText: 'someone@example.com' }).waitFor();
    const subject = `Test email from ${BUSINESS}`;
    const row = page
      .getByRole('list', { name: 'Emails' })
      .getByRole('listitem')
      .filter({ hasText: 'someone@example.com' });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain('Kept');
    await shot('admin-mailbox');

    await row.first().getByRole('link', { name: subject }).click();
    await page.waitForURL(new RegExp(`^${base}/admin/mailbox/eml`));
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    const frame = page.locator('iframe[title="HTML body of the email"]');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    await page
      .frameLocator('iframe[title="HTML body of the email"]')
      .getByText('Your email settings work')
      .waitFor();
    await shot('admin-email');

    await page.getByRole('tab', { name: 'Text' }).click();
    await page.getByRole('tabpanel').locator('pre', { hasText: 'Your email settings work' }).waitFor();

    // The same pages on a narrow phone screen.
    await page.setViewportSize({ width: 375, height: 812 });
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Serial prefix').waitFor();
    await shot('admin-settings-mobile');
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await settingsRow.first().waitFor();
    await shot('admin-audit-log-mobile');

    // Signing out ends the session: the back office asks to sign in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/login`);
    await page.goto(`${base}/admin`);
    await page.waitForURL(`${base}/login`);

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });

  it('creates an API token, shows it once, and revokes it', async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`${base}/admin/api-tokens`);
    await page.waitForURL(`${base}/login`);
    await rig.signInOwner(page);
    await page.waitForURL(`${base}/admin/api-tokens`);

    await page.getByLabel('Name').fill('Till export');
    await page.getByLabel('Role').selectOption('cashier');
    await page.getByRole('button', { name: 'Create token' }).click();
    const box = page.getByRole('region', { name: 'Token “Till export” created' });
    await box.waitFor();
    const secret = await box.getByLabel('API token').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await box.getByRole('button', { name: 'Copy token' }).click();
    await box.getByRole('status').filter({ hasText: /cop/i }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Till export' });
    await row.waitFor();
    expect(await row.textContent()).toContain(secret.slice(-4));
    await shot('admin-api-tokens');

    // The secret is gone once dismissed; the list never shows it.
    await box.getByRole('button', { name: 'I have stored it safely' }).click();
    expect(await page.getByText(secret).count()).toBe(0);

    await row.getByRole('button', { name: 'Revoke token Till export' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByRole('status').filter({ hasText: 'Token “Till export” revoked.' }).waitFor();
    await page.getByText('No API tokens yet.').waitFor();
  });

  it('answers an unknown address with a page that says so', async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`${base}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await shot('not-found');
  });
});
