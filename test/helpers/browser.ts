import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { AppDeps } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { startTandem, type Tandem } from '../../src/server/start.js';
import { createServerDatabase, serverUrl } from './database.js';
import { mailTo, type ReceivedCopy } from './mail.js';
import { freePort } from './smtp.js';

export const OWNER = { email: 'owner@example.com', password: 'Correct-Horse-9' };
export const BUSINESS = 'Juniper Hair & Beauty';
const SHOTS = 'test-results';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const webIndex = path.resolve(import.meta.dirname, '../../dist/web/index.html');

/**
 * Tandem with the demo shop, and Chromium to use it with: on the embedded database, or on a fresh
 * database of the PostgreSQL server when TEST_DATABASE_URL is set.
 */
export interface BrowserRig {
  base: string;
  /** The running Tandem's parts, to set the scene the way the app itself would. */
  deps: AppDeps;
  /** A page in a browser context of its own: its own cookies, as another person's browser. */
  newPage(): Promise<Page>;
  /** Uncaught errors in any page, and Content Security Policy violations: both should stay empty. */
  pageErrors: string[];
  cspViolations: string[];
  /** A full-page screenshot in test-results/, to look at after the run. */
  shot(page: Page, name: string): Promise<Buffer>;
  /** Signs in as the owner on the staff sign-in page this page is on, or first goes there. */
  signInOwner(page: Page): Promise<void>;
  close(): Promise<void>;
}

/** `env`: more settings, as environment variables (PAYMENT_GATEWAY, CARDPOINTE_URL…). */
export async function openBrowserRig(env: Record<string, string> = {}): Promise<BrowserRig> {
  if (!fs.existsSync(webIndex)) {
    throw new Error('The web app is not built (dist/web/index.html is missing): run `npx vite build` first.');
  }
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}; install Debian's chromium or set CHROMIUM_PATH.`);
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-browser-'));
  let tandem: Tandem | undefined;
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof createServerDatabase>> | undefined;
  const close = async () => {
    await browser?.close();
    await tandem?.stop();
    await server?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (serverUrl) server = await createServerDatabase();
    tandem = await startTandem(
      loadConfig({
        DATA_DIR: dir,
        ...(server ? { DATABASE_URL: server.url } : {}),
        // A port chosen before starting, so that the configured public URL (and the Origin check)
        // match the real one.
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        TANDEM_OWNER_EMAIL: OWNER.email,
        TANDEM_OWNER_PASSWORD: OWNER.password,
        TANDEM_SEED: 'demo',
        LOG_LEVEL: 'silent',
        ...env,
      }),
      { announce: () => {} },
    );
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  } catch (err) {
    await close();
    throw err;
  }
  const base = tandem.url!;
  const { deps } = tandem;
  const started = browser;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  return {
    base,
    deps,
    pageErrors,
    cspViolations,
    close,
    async newPage() {
      const context = await started.newContext({
        viewport: { width: 1280, height: 860 },
        acceptDownloads: true,
      });
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text()))
          cspViolations.push(msg.text());
      });
      return page;
    },
    shot: (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }),
    async signInOwner(page) {
      if (new URL(page.url(), base).pathname !== '/login') await page.goto(`${base}/login`);
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname !== '/login');
    },
  };
}

/** The text of the newest email to `to` whose text matches `match`, as the owner's mailbox shows it (waits for it). */
export async function emailTo(
  owner: Page,
  to: string,
  match = '',
): Promise<{ text: string; subject: string }> {
  return owner.evaluate(
    async ({ to, match }) => {
      for (let i = 0; i < 100; i++) {
        const res = await fetch(`/api/admin/emails?q=${encodeURIComponent(to)}`);
        const page = (await res.json()) as { data: { to: string; text: string; subject: string }[] };
        const email = page.data.find((e) => e.to === to && e.text.includes(match));
        if (email) return { text: email.text, subject: email.subject };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`No email to ${to}`);
    },
    { to, match },
  );
}

/**
 * The newest email to `to` whose text has `match` (and with this subject, when given), as its
 * recipient gets it: with the links and gift card codes staff never see (waits for it).
 */
export async function receivedBy(
  rig: BrowserRig,
  to: string,
  match = '',
  subject?: string,
): Promise<ReceivedCopy> {
  for (let i = 0; i < 100; i++) {
    const mail = (await mailTo(rig.deps, to)).find(
      (m) => m.text.includes(match) && (subject === undefined || m.subject === subject),
    );
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No email to ${to} with “${match}”`);
}

/**
 * Signs a new customer up (through the API, as the sign-up page does), confirms through the link
 * in the email they receive, and signs in on the shop's sign-in page, landing on `path`.
 */
export async function signUpAndSignIn(
  rig: BrowserRig,
  customer: Page,
  who: { name: string; email: string; password: string },
  path: string,
): Promise<void> {
  const base = rig.base;
  await customer.goto(`${base}/shop/login`);
  const status = await customer.evaluate(async (body) => {
    const res = await fetch('/api/store/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return res.status;
  }, who);
  if (status !== 202) throw new Error(`sign-up answered ${status}`);
  const { text } = await receivedBy(rig, who.email, '/shop/confirm?token=');
  const link = /(https?:\/\/\S+\/shop\/confirm\?token=\S+)/.exec(text)?.[1];
  if (!link) throw new Error('no confirmation link in the email');
  await customer.goto(link);
  await customer.getByRole('heading', { name: 'Your account is ready' }).waitFor();

  await customer.goto(`${base}${path}`);
  await customer.waitForURL(`${base}/shop/login`);
  await customer.getByLabel('Email').fill(who.email);
  await customer.getByLabel('Password').fill(who.password);
  await customer.getByRole('button', { name: 'Sign in' }).click();
  await customer.waitForURL(`${base}${path}`);
}

/** The demo shop's cashier signs in on this page and lands on the register. */
export async function signInDemoCashier(rig: BrowserRig, page: Page): Promise<void> {
  await page.goto(`${rig.base}/login`);
  await page.getByLabel('Email').fill('cashier@example.com');
  await page.getByLabel('Password').fill('Juniper-Demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${rig.base}/pos`);
}
