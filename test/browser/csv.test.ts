import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, openBrowserRig } from '../helpers/browser.js';

describe('CSV export and import in a real browser', () => {
  let rig: BrowserRig;
  let base: string;
  let page: Page;
  let files: string;

  const shot = (name: string) => rig.shot(page, name);
  const dialog = () => page.getByRole('dialog');
  const writeFile = (name: string, content: string | Buffer) => {
    const file = path.join(files, name);
    fs.writeFileSync(file, content);
    return file;
  };
  /** Clicks "Export CSV" and reads the file the browser saves. */
  async function exportCsv(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const saved = path.join(files, `export-${Date.now()}.csv`);
    await download.saveAs(saved);
    return { name: download.suggestedFilename(), text: fs.readFileSync(saved, 'utf8') };
  }
  async function chooseAndCheck(file: string) {
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await dialog().getByLabel('CSV file').setInputFiles(file);
    await dialog().getByRole('button', { name: 'Check file' }).click();
  }

  beforeAll(async () => {
    files = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-csv-'));
    rig = await openBrowserRig();
    base = rig.base;
    page = await rig.newPage();
    await rig.signInOwner(page);
  });

  afterAll(async () => {
    await rig?.close();
    if (files) fs.rmSync(files, { recursive: true, force: true });
  });

  it('exports the items the list shows, then imports a file: bad rows by line, cancel imports nothing', async () => {
    // Export respects the filter: services only, as the list shows them.
    await page.goto(`${base}/admin/items?kind=service`);
    const list = page.getByRole('table', { name: 'Items, by name' });
    await list.getByRole('row').nth(1).waitFor();
    const shownRows = (await list.getByRole('row').count()) - 1;
    const services = await exportCsv();
    expect(services.name).toBe('items.csv');
    const lines = services.text.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^kind,sku,name,price,/);
    expect(lines).toHaveLength(shownRows + 1);
    expect(lines.slice(1).every((l) => l.startsWith('service,'))).toBe(true);

    // A file made from that export: one service repriced, two new products, two bad rows.
    const [header, first] = lines as [string, string, ...string[]];
    const columns = header.split(',');
    const firstSku = first.split(',')[columns.indexOf('sku')]!;
    const row = (values: Record<string, string>) => columns.map((c) => values[c] ?? '').join(',');
    const file = writeFile(
      'items.csv',
      [
        header,
        row({ kind: 'service', sku: firstSku, name: 'Cut & Finish (repriced)', price: '61.00' }),
        row({
          kind: 'product',
          sku: 'CSV-OIL',
          name: 'Camellia Oil',
          price: '14.50',
          track_stock: 'yes',
          stock: '6',
        }),
        row({ kind: 'product', sku: 'CSV-BAD', name: 'No Price', price: 'twelve' }),
        row({ kind: 'product', sku: 'CSV-BALM', name: 'Beard Balm', price: '11.00' }),
        row({ kind: 'membership', sku: 'CSV-CLUB', name: 'Club without interval', price: '20.00' }),
      ].join('\r\n'),
    );

    await chooseAndCheck(file);
    const report = dialog().getByRole('table', { name: 'Rows with problems' });
    await report.waitFor();
    expect(await dialog().getByRole('status').textContent()).toContain(
      '5 rows in the file: 3 ready to import, 2 rows with problems.',
    );
    const problems = await report.getByRole('row').allTextContents();
    expect(problems.slice(1)).toEqual([
      expect.stringMatching(/^4.*price: “twelve” is not an amount such as 18\.50/),
      expect.stringMatching(/^6.*interval: a membership renews monthly or yearly/),
    ]);
    await shot('csv-import-report');

    // Cancel: nothing is imported.
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog().isVisible()).toBe(false);
    await page.goto(`${base}/admin/items?q=CSV-`);
    await page.getByRole('paragraph').filter({ hasText: 'No items match this search.' }).waitFor();

    // Again, and import: the valid rows go in, the list shows them.
    await chooseAndCheck(file);
    await dialog().getByRole('button', { name: 'Import 3 rows' }).click();
    await dialog()
      .getByRole('status')
      .filter({ hasText: 'Imported 3 rows: 2 added, 1 updated, 2 rows left out.' })
      .waitFor();
    await shot('csv-import-done');
    await dialog().getByRole('button', { name: 'Done' }).click();
    await list.getByRole('row').filter({ hasText: 'CSV-OIL' }).waitFor();
    expect(await list.getByRole('row').filter({ hasText: 'CSV-OIL' }).textContent()).toContain('6');
    expect(await list.getByRole('row').filter({ hasText: 'CSV-BALM' }).count()).toBe(1);
    expect(await list.getByRole('row').filter({ hasText: 'CSV-BAD' }).count()).toBe(0);
    await page.goto(`${base}/admin/items?q=${encodeURIComponent(firstSku)}&kind=service`);
    await list.getByRole('row').filter({ hasText: 'Cut & Finish (repriced)' }).waitFor();
    expect(await list.getByRole('row').filter({ hasText: firstSku }).textContent()).toContain('61.00');
    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });

  it('customers: a file that is not CSV is refused, a large file shows its upload progress', async () => {
    await page.goto(`${base}/admin/customers`);
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();

    // An image is not a CSV file: the dialog says so on the file field, and stays open.
    await chooseAndCheck(
      writeFile('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe])),
    );
    await dialog().getByRole('alert').filter({ hasText: 'is not text' }).waitFor();
    expect(await dialog().getByLabel('CSV file').getAttribute('aria-invalid')).toBe('true');
    await dialog().getByRole('button', { name: 'Cancel' }).click();

    // 3,000 customers over a slow uplink: the bar fills as the file goes up.
    const bulk = [
      'name,email,phone,marketing_consent',
      ...Array.from({ length: 3000 }, (_, i) => {
        const n = String(i + 1).padStart(4, '0');
        return `Bulk Customer ${n},bulk${n}@example.com,+1 555 01${n},yes`;
      }),
    ].join('\n');
    const client = await page.context().newCDPSession(page);
    await client.send('Network.enable');
    await client.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 40 * 1024,
    });
    await chooseAndCheck(writeFile('customers.csv', bulk));
    const bar = dialog().locator('progress');
    await dialog()
      .getByText(/Sending the file… \d+%/)
      .waitFor();
    const midway = Number(await bar.getAttribute('value'));
    const total = Number(await bar.getAttribute('max'));
    expect(total).toBeGreaterThan(bulk.length);
    expect(midway).toBeLessThan(total);
    await shot('csv-import-progress');
    await client.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await dialog()
      .getByRole('status')
      .filter({ hasText: '3,000 rows in the file: 3,000 ready to import.' })
      .waitFor();
    await dialog().getByRole('button', { name: 'Import 3,000 rows' }).click();
    await dialog()
      .getByRole('status')
      .filter({ hasText: 'Imported 3,000 rows: 3,000 added, 0 updated.' })
      .waitFor();
    await dialog().getByRole('button', { name: 'Done' }).click();

    // The search and its export: only the customers the list shows.
    await page.getByLabel('Search by name, email or phone').fill('bulk0042');
    await page.getByRole('button', { name: 'Search' }).click();
    const list = page.getByRole('table', { name: 'Customers, by name' });
    await list.getByRole('row').filter({ hasText: 'Bulk Customer 0042' }).waitFor();
    const found = await exportCsv();
    expect(found.name).toBe('customers.csv');
    // The phone leaves with an apostrophe, so that a spreadsheet shows it rather than compute it.
    expect(found.text.trim().split(/\r?\n/).slice(1)).toEqual([
      expect.stringMatching(/^Bulk Customer 0042,bulk0042@example\.com,'\+1 555 010042,yes,/),
    ]);
    expect(rig.pageErrors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});
