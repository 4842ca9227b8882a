import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, BUSINESS, OWNER, openBrowserRig, receivedBy } from '../helpers/browser.js';

const CUSTOMER = { name: 'Robin Fletcher', email: 'robin@example.com', password: 'Blue-Kettle-Morning-4' };
const NEW_CUSTOMER_PASSWORD = 'Green-Lantern-Evening-7';
const CASHIER = { name: 'Jamie Till', email: 'jamie@example.com', password: 'Quiet-Harbour-Lamp-2' };

/** The link of an email's button, as its text part gives it ("Confirm my account: https://…"). */
function linkIn(text: string, pathname: string): string {
  const match = new RegExp(`(https?://\\S+${pathname.replace(/[/?]/g, '\\$&')}\\?token=\\S+)`).exec(text);
  if (!match) throw new Error(`No ${pathname} link in the email:\n${text}`);
  return match[1]!;
}

describe('customer accounts and staff in a real browser', () => {
  let rig: BrowserRig;
  let base: string;
  /** The owner in the back office, the customer in the shop, the invited cashier: three browsers. */
  let owner: Page;
  let customer: Page;
  let cashier: Page;

  const shot = (page: Page, name: string) => rig.shot(page, name);

  /** The newest email to someone with this subject, as they receive it (its link included). */
  const latestEmailText = async (to: string, subject: string) =>
    (await receivedBy(rig, to, '?token=', subject)).text;

  beforeAll(async () => {
    rig = await openBrowserRig();
    base = rig.base;
    owner = await rig.newPage();
    customer = await rig.newPage();
    cashier = await rig.newPage();

    await rig.signInOwner(owner);
    await owner.waitForURL(`${base}/admin`);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('a customer signs up, confirms from the email, signs in and edits their profile', async () => {
    // Signing up: a common password is refused field by field; a good one sends the email.
    await customer.goto(`${base}/shop/register`);
    await customer.getByRole('heading', { name: 'Create an account' }).waitFor();
    // The shop's pages carry the business's name.
    await customer.getByRole('banner').getByText(BUSINESS).waitFor();
    await shot(customer, 'shop-register');
    await customer.getByLabel('Name (optional)').fill(CUSTOMER.name);
    await customer.getByLabel('Email').fill(CUSTOMER.email);
    const password = customer.getByLabel('Password');
    expect(await password.getAttribute('aria-describedby')).toContain('register-password-hint');
    await password.fill('short');
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer
      .locator('#register-password-error', { hasText: 'must be at least 8 characters' })
      .waitFor();
    await password.fill('sunshine');
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer
      .locator('#register-password-error', { hasText: 'is one of the most common passwords' })
      .waitFor();
    await customer.getByRole('alert').filter({ hasText: 'One field needs fixing' }).waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await shot(customer, 'shop-register-error');
    await password.fill(CUSTOMER.password);
    await customer.getByRole('button', { name: 'Create account' }).click();
    await customer.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await customer.getByRole('status').filter({ hasText: 'Check your inbox.' }).waitFor();
    await shot(customer, 'shop-register-sent');

    // The owner finds the confirmation email in the mailbox and reads it in the Text tab.
    await owner
      .getByRole('navigation', { name: 'Back office' })
      .getByRole('link', { name: 'Mailbox' })
      .click();
    const subject = `Confirm your ${BUSINESS} account`;
    const row = owner
      .getByRole('list', { name: 'Emails' })
      .getByRole('listitem')
      .filter({ hasText: CUSTOMER.email });
    await row.first().getByRole('link', { name: subject }).click();
    await owner.getByRole('heading', { level: 1, name: subject }).waitFor();
    await owner.getByRole('tab', { name: 'Text' }).click();
    const text = await owner.getByRole('tabpanel').locator('pre').textContent();
    // The mailbox says where the link leads, but the link itself is the customer's alone.
    expect(text).toContain(`${base}/shop/confirm?token=•••`);
    const confirmLink = linkIn(await latestEmailText(CUSTOMER.email, subject), '/shop/confirm');
    expect(confirmLink.startsWith(`${base}/shop/confirm?token=`)).toBe(true);

    // Following the link confirms the account; a second time it says the link is spent.
    await customer.goto(confirmLink);
    await customer.getByRole('heading', { name: 'Your account is ready' }).waitFor();
    await customer.getByRole('status').filter({ hasText: CUSTOMER.name }).waitFor();
    await shot(customer, 'shop-confirm');
    await customer.goto(confirmLink);
    await customer.getByRole('heading', { name: 'This link did not work' }).waitFor();
    await customer.getByRole('alert').filter({ hasText: 'not valid any more' }).waitFor();
    await customer.getByRole('link', { name: 'Sign up again' }).waitFor();
    await shot(customer, 'shop-confirm-error');

    // Not signed in, My profile sends the customer to sign in, and back after.
    await customer.goto(`${base}/account`);
    await customer.waitForURL(`${base}/shop/login`);
    await customer.getByRole('heading', { name: 'Sign in' }).waitFor();
    await customer.getByRole('link', { name: 'Forgot your password?' }).waitFor();
    await customer.getByRole('link', { name: 'Create an account' }).waitFor();
    await shot(customer, 'shop-login');
    await customer.getByLabel('Email').fill(CUSTOMER.email);
    await customer.getByLabel('Password').fill('not-the-password');
    await customer.getByRole('button', { name: 'Sign in' }).click();
    await customer.getByRole('alert').filter({ hasText: 'The email or password is not right.' }).waitFor();
    await shot(customer, 'shop-login-error');
    await customer.getByLabel('Password').fill(CUSTOMER.password);
    await customer.getByRole('button', { name: 'Sign in' }).click();
    await customer.waitForURL(`${base}/account`);

    // My profile: the phone is saved and is still there after a reload; an address is added.
    await customer.getByRole('heading', { name: 'My profile' }).waitFor();
    expect(await customer.getByRole('main').textContent()).toContain(CUSTOMER.email);
    expect(await customer.getByLabel('Name', { exact: true }).inputValue()).toBe(CUSTOMER.name);
    await shot(customer, 'account-profile-empty');
    const phone = customer.getByLabel('Phone (optional)');
    await phone.fill('not a phone');
    await customer.getByRole('button', { name: 'Save changes' }).click();
    await customer.locator('#profile-phone-error', { hasText: 'must be a phone number' }).waitFor();
    await phone.fill('+1 555 0100 1234');
    await customer.getByRole('button', { name: 'Add an address' }).click();
    expect(await customer.evaluate(() => document.activeElement?.id)).toBe('profile-addresses-0-line1');
    await customer.getByLabel('Label (optional)').fill('Home');
    await customer.getByLabel('Address line 1').fill('12 Orchard Lane');
    await customer.getByLabel('City').fill('Portland');
    await customer.getByLabel('Region (optional)').fill('OR');
    await customer.getByLabel('Postal code').fill('97201');
    await customer.getByLabel('Country (2 letters)').fill('us');
    await customer.getByRole('button', { name: 'Save changes' }).click();
    await customer.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();
    expect(await customer.locator('#profile-phone-error').count()).toBe(0);
    await shot(customer, 'account-profile');

    await customer.reload();
    await customer.getByLabel('Phone (optional)').waitFor();
    expect(await customer.getByLabel('Phone (optional)').inputValue()).toBe('+1 555 0100 1234');
    expect(await customer.getByLabel('Country (2 letters)').inputValue()).toBe('US');
    await customer.getByRole('button', { name: 'Remove address 1' }).click();
    await customer.getByText('No addresses yet.').waitFor();
    await customer.getByRole('button', { name: 'Save changes' }).click();
    await customer.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();

    // Changing the password asks for the current one.
    await customer.getByLabel('Current password').fill('wrong-password');
    await customer.getByLabel('New password', { exact: true }).fill(NEW_CUSTOMER_PASSWORD);
    await customer.getByRole('button', { name: 'Change password' }).click();
    await customer
      .locator('#profile-current-password-error', { hasText: 'is not your current password' })
      .waitFor();
    await shot(customer, 'account-password-error');

    // Signing out ends the session: My profile asks to sign in again.
    await customer.getByRole('button', { name: 'Sign out' }).click();
    await customer.waitForURL(`${base}/shop/login`);
    await customer.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
    await customer.goto(`${base}/account`);
    await customer.waitForURL(`${base}/shop/login`);

    // Forgotten password: the emailed link lets them choose a new one.
    await customer.getByRole('link', { name: 'Forgot your password?' }).click();
    await customer.waitForURL(`${base}/shop/forgot-password`);
    await customer.getByLabel('Email').fill(CUSTOMER.email);
    await customer.getByRole('button', { name: 'Send the link' }).click();
    await customer.getByRole('status').filter({ hasText: 'Check your inbox.' }).waitFor();
    await shot(customer, 'shop-forgot-password');
    const resetLink = linkIn(
      await latestEmailText(CUSTOMER.email, `Reset your ${BUSINESS} password`),
      '/shop/reset-password',
    );
    await customer.goto(resetLink);
    await customer.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await shot(customer, 'shop-reset-password');
    await customer.getByLabel('New password', { exact: true }).fill(NEW_CUSTOMER_PASSWORD);
    await customer.getByRole('button', { name: 'Set new password' }).click();
    await customer.getByRole('heading', { name: 'Password changed' }).waitFor();
    await shot(customer, 'shop-reset-password-done');
    await customer.getByRole('link', { name: 'Sign in' }).click();
    await customer.waitForURL(`${base}/shop/login`);
    await customer.getByLabel('Email').fill(CUSTOMER.email);
    await customer.getByLabel('Password').fill(NEW_CUSTOMER_PASSWORD);
    await customer.getByRole('button', { name: 'Sign in' }).click();
    await customer.waitForURL(`${base}/account`);
    await customer.getByLabel('Phone (optional)').waitFor();
    expect(await customer.getByLabel('Phone (optional)').inputValue()).toBe('+1 555 0100 1234');

    // The same pages on a narrow phone screen.
    await customer.setViewportSize({ width: 375, height: 812 });
    await shot(customer, 'account-profile-mobile');
    await customer.goto(`${base}/shop/register`);
    await customer.getByRole('heading', { name: 'Create an account' }).waitFor();
    await shot(customer, 'shop-register-mobile');

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });

  it('an address signed up twice: its owner confirms and then chooses the password', async () => {
    const email = 'twice@example.com';
    const shopper = await rig.newPage();
    await shopper.goto(`${base}/shop/login`);
    // The owner of the address signs up, then someone else signs up with it too.
    for (const password of ['Owner-Picked-This-1', 'Someone-Else-Picked-2']) {
      const status = await shopper.evaluate(
        async (body) =>
          (
            await fetch('/api/store/auth/register', {
              method: 'POST',
              headers: { 'content-type': 'application/json', accept: 'application/json' },
              body: JSON.stringify(body),
            })
          ).status,
        { email, password },
      );
      expect(status).toBe(202);
    }
    const mails = await receivedBy(rig, email, '/shop/confirm?token=');
    await shopper.goto(linkIn(mails.text, '/shop/confirm'));
    await shopper.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await shot(shopper, 'shop-confirm-choose-password');
    await shopper.getByRole('link', { name: 'Choose a password' }).click();
    await shopper.getByLabel('New password', { exact: true }).fill('Owner-Picked-Again-3');
    await shopper.getByRole('button', { name: 'Set new password' }).click();
    await shopper.getByRole('heading', { name: 'Password changed' }).waitFor();

    // Neither password given at sign-up opens the account; the one chosen now does.
    await shopper.getByRole('link', { name: 'Sign in' }).click();
    await shopper.getByLabel('Email').fill(email);
    await shopper.getByLabel('Password').fill('Someone-Else-Picked-2');
    await shopper.getByRole('button', { name: 'Sign in' }).click();
    await shopper.getByRole('alert').first().waitFor();
    expect(shopper.url()).toContain('/shop/login');
    await shopper.getByLabel('Password').fill('Owner-Picked-Again-3');
    await shopper.getByRole('button', { name: 'Sign in' }).click();
    await shopper.waitForURL((url) => !url.pathname.endsWith('/shop/login'));
  });

  it('the owner invites a cashier, who chooses a password and signs in without owner pages', async () => {
    const nav = owner.getByRole('navigation', { name: 'Back office' });
    await nav.getByRole('link', { name: 'Staff' }).click();
    await owner.waitForURL(`${base}/admin/staff`);
    await owner.getByRole('heading', { name: 'Staff' }).waitFor();
    const ownerRow = owner.getByRole('row').filter({ hasText: OWNER.email });
    await ownerRow.waitFor();
    expect(await ownerRow.textContent()).toContain('Active');

    await owner.getByLabel('Email').fill(CASHIER.email);
    await owner.getByLabel('Name').fill(CASHIER.name);
    await owner.getByLabel('Role', { exact: true }).selectOption('cashier');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner
      .getByRole('status')
      .filter({ hasText: `Invitation sent to ${CASHIER.name}` })
      .waitFor();
    const cashierRow = owner.getByRole('row').filter({ hasText: CASHIER.email });
    await cashierRow.getByText('Invitation pending').waitFor();
    expect(await cashierRow.getByLabel(`Role of ${CASHIER.name}`).inputValue()).toBe('cashier');

    // The same email twice: the server's answer is shown.
    await owner.getByLabel('Email').fill(CASHIER.email);
    await owner.getByLabel('Name').fill(CASHIER.name);
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner
      .getByRole('alert')
      .filter({ hasText: `${CASHIER.email} is already on the staff.` })
      .waitFor();

    // The only owner cannot stop being one.
    const ownRole = ownerRow.getByRole('combobox');
    await ownRole.selectOption('manager');
    await ownerRow.getByRole('alert').filter({ hasText: 'at least one active owner' }).waitFor();
    expect(await ownRole.inputValue()).toBe('owner');
    await shot(owner, 'admin-staff');

    // The invitation link, from the email.
    const invitationLink = linkIn(
      await latestEmailText(CASHIER.email, `You are invited to ${BUSINESS} on Tandem`),
      '/accept-invitation',
    );
    await cashier.goto(invitationLink);
    await cashier.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await shot(cashier, 'accept-invitation');
    await cashier.getByLabel('Password').fill('12345678');
    await cashier.getByRole('button', { name: 'Save password' }).click();
    await cashier.locator('#invitation-password-error', { hasText: 'most common passwords' }).waitFor();
    await cashier.getByLabel('Password').fill(CASHIER.password);
    await cashier.getByRole('button', { name: 'Save password' }).click();
    await cashier.getByRole('heading', { name: 'You are all set' }).waitFor();
    await shot(cashier, 'accept-invitation-done');
    await cashier.getByRole('link', { name: 'Go to sign in' }).click();
    await cashier.waitForURL(`${base}/login`);
    await cashier.getByLabel('Email').fill(CASHIER.email);
    await cashier.getByLabel('Password').fill(CASHIER.password);
    await cashier.getByRole('button', { name: 'Sign in' }).click();
    // A cashier starts at the register, and sees only the register, orders and customers.
    await cashier.waitForURL(`${base}/pos`);
    await cashier
      .getByRole('navigation', { name: 'Register' })
      .getByRole('link', { name: 'Transactions' })
      .waitFor();
    await cashier.goto(`${base}/admin/customers`);
    const cashierNav = cashier.getByRole('navigation', { name: 'Back office' });
    await cashierNav.getByRole('link', { name: 'Customers' }).waitFor();
    expect(await cashierNav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await cashierNav.getByRole('link', { name: 'Staff' }).count()).toBe(0);
    expect(await cashierNav.getByRole('link', { name: 'API tokens' }).count()).toBe(0);
    expect(await cashierNav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await cashier.goto(`${base}/admin/staff`);
    await cashier.getByText('Only the owner can open this page.').waitFor();
    await shot(cashier, 'admin-staff-as-cashier');

    // The owner sees the invitation accepted; deactivating signs the cashier out at once.
    await owner.reload();
    await cashierRow.getByText('Active', { exact: true }).waitFor();
    await cashierRow.getByRole('button', { name: `Deactivate ${CASHIER.name}` }).click();
    await cashierRow.getByRole('button', { name: 'Yes, deactivate' }).click();
    await owner
      .getByRole('status')
      .filter({ hasText: `${CASHIER.name} is deactivated.` })
      .waitFor();
    await cashierRow.getByText('Deactivated').waitFor();
    await shot(owner, 'admin-staff-deactivated');
    await cashier.goto(`${base}/admin`);
    await cashier.waitForURL(`${base}/login`);

    await cashierRow.getByRole('button', { name: `Reactivate ${CASHIER.name}` }).click();
    await cashierRow.getByRole('button', { name: 'Yes, reactivate' }).click();
    await owner
      .getByRole('status')
      .filter({ hasText: `${CASHIER.name} is active again.` })
      .waitFor();
    await cashierRow.getByLabel(`Role of ${CASHIER.name}`).selectOption('manager');
    await owner
      .getByRole('status')
      .filter({ hasText: `${CASHIER.name} is now a manager.` })
      .waitFor();

    // The two new selling settings are saved like the others.
    await owner
      .getByRole('navigation', { name: 'Back office' })
      .getByRole('link', { name: 'Settings' })
      .click();
    const includesTax = owner.getByLabel('Prices include tax');
    const belowZero = owner.getByLabel('Allow selling below zero stock at the register');
    expect(await includesTax.isChecked()).toBe(false);
    expect(await belowZero.isChecked()).toBe(false);
    await includesTax.check();
    await belowZero.check();
    await owner.getByRole('button', { name: 'Save settings' }).click();
    await owner.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    await owner.reload();
    await owner.getByLabel('Prices include tax').waitFor();
    expect(await owner.getByLabel('Prices include tax').isChecked()).toBe(true);
    expect(await owner.getByLabel('Allow selling below zero stock at the register').isChecked()).toBe(true);
    await shot(owner, 'admin-settings-selling');

    await owner.setViewportSize({ width: 375, height: 812 });
    await owner.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Staff' }).click();
    await cashierRow.waitFor();
    await shot(owner, 'admin-staff-mobile');

    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
