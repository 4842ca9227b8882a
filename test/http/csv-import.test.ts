import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, staffSession, type TestApp } from '../helpers/app.js';

describe('CSV import and export', () => {
  let t: TestApp;
  let manager: Awaited<ReturnType<typeof staffSession>>;
  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
  });
  afterAll(() => t.close());

  const importCsv = (what: 'items' | 'customers', csv: string, dryRun: boolean) =>
    t.app.inject({
      method: 'POST',
      url: `/api/admin/${what}/import`,
      headers: manager.headers,
      payload: { csv, dryRun },
    });
  const count = async (what: 'items' | 'customers') =>
    (
      await t.app.inject({ method: 'GET', url: `/api/admin/${what}?limit=200`, headers: manager.headers })
    ).json().data.length;

  const itemsFile = [
    'kind,sku,name,price,cost,tax_rate,track_stock,stock,low_stock_threshold,category',
    'product,CSV-1,Jojoba Oil,12.50,4.00,8.25,yes,10,3,Oils',
    'product,CSV-2,Bad Price,twelve,,,,,,',
    'service,CSV-3,Scalp Massage,25,,,,,,Services',
    'product,CSV-1,Duplicate SKU,1.00,,,,,,',
    '"product","CSV-4","Rose Water, 100 ml","9.90","3.10","0","no","","",""',
    'membership,CSV-5,Silver Club,19.00,,,,,,',
  ].join('\n');

  it('reports every bad row by line and imports nothing on a dry run', async () => {
    const res = await importCsv('items', itemsFile, true);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      dryRun: true,
      rows: 6,
      valid: 3,
      created: 0,
      updated: 0,
      errors: [
        { line: 3, message: 'price: “twelve” is not an amount such as 18.50' },
        { line: 5, message: 'sku: CSV-1 is also on line 2' },
        { line: 7, message: 'interval: a membership renews monthly or yearly' },
      ],
    });
    expect(await count('items')).toBe(0);
  });

  it('imports the valid rows in one go, and updates known SKUs on a second import', async () => {
    const res = await importCsv('items', itemsFile, false);
    expect(res.json()).toMatchObject({ dryRun: false, valid: 3, created: 3, updated: 0 });
    expect(res.json().errors).toHaveLength(3);
    const jojoba = (
      await t.app.inject({ method: 'GET', url: '/api/admin/items?q=csv-1', headers: manager.headers })
    ).json().data[0];
    expect(jojoba).toMatchObject({
      name: 'Jojoba Oil',
      price: 1250,
      cost: 400,
      taxRate: 825,
      stock: 10,
      lowStockThreshold: 3,
    });
    const again = await importCsv('items', 'sku,name,price\ncsv-1,Jojoba Oil 50 ml,13.00\n', false);
    expect(again.json()).toMatchObject({ created: 0, updated: 1, errors: [] });
    const updated = (
      await t.app.inject({ method: 'GET', url: `/api/admin/items/${jojoba.id}`, headers: manager.headers })
    ).json();
    expect(updated).toMatchObject({ name: 'Jojoba Oil 50 ml', price: 1300, stock: 10 });
  });

  it('refuses a file that is not CSV, importing nothing', async () => {
    const before = await count('items');
    const json = await importCsv('items', '{"items": [{"sku": "X"}]}', false);
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('validation_failed');
    expect(json.json().errors[0]).toMatchObject({
      path: 'csv',
      message: expect.stringMatching(/expected header row.*sku, name, price are missing/),
    });
    const binary = await importCsv('items', 'PK\u0003\u0004\u0000\u0000', false);
    expect(binary.json().errors[0]).toMatchObject({
      path: 'csv',
      message: expect.stringMatching(/not text/),
    });
    expect(await count('items')).toBe(before);
  });

  it('exports what the list shows with the same filter, in columns the import reads', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/items/export?kind=product',
      headers: manager.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'kind,sku,name,price,cost,tax_rate,track_stock,stock,low_stock_threshold,barcode,category,interval,discount_percent,discount_applies_to,active,description',
    );
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['CSV-1', 'CSV-4']);
    expect(lines[2]).toContain('"Rose Water, 100 ml",9.90,3.10,0.00,no');
    // Exported rows import back without a single error.
    const roundTrip = await importCsv('items', res.body, true);
    expect(roundTrip.json()).toMatchObject({ rows: 2, valid: 2, errors: [] });
  });

  it('imports customers, reporting two bad rows and importing the rest', async () => {
    const file = [
      'name,email,phone,marketing_consent,address_line1,city,postal_code,country',
      'Bessie Smith,bessie@example.com,+1 555 200 3000,yes,1 Blues Rd,Chattanooga,37401,US',
      ',nameless@example.com,,,,,,',
      'Billie Holiday,not-an-email,,maybe,,,,',
      'Ella Fitzgerald,ella@example.com,,no,,,,',
    ].join('\r\n');
    const res = await importCsv('customers', file, false);
    expect(res.json()).toMatchObject({ rows: 4, valid: 2, created: 2 });
    expect(res.json().errors).toEqual([
      { line: 3, message: 'name: must not be empty' },
      { line: 4, message: 'marketing_consent: “maybe” is not yes or no' },
    ]);
    const exported = await t.app.inject({
      method: 'GET',
      url: '/api/admin/customers/export?q=bessie',
      headers: manager.headers,
    });
    // A leading + would run as a formula in a spreadsheet: it leaves with an apostrophe, and comes back without.
    expect(exported.body.trim().split('\r\n')[1]).toBe(
      "Bessie Smith,bessie@example.com,'+1 555 200 3000,yes,,1 Blues Rd,,Chattanooga,,37401,US",
    );
    const back = await importCsv('customers', exported.body, false);
    expect(back.json()).toMatchObject({ valid: 1, updated: 1, errors: [] });
    const found = await t.app.inject({
      method: 'GET',
      url: '/api/admin/customers?q=bessie',
      headers: manager.headers,
    });
    expect(found.json().data[0].phone).toBe('+1 555 200 3000');
  });

  it('lets only owners and managers import and export', async () => {
    const cashier = await staffSession(t, 'cashier');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/customers/import',
      headers: cashier.headers,
      payload: { csv: 'name\nX\n', dryRun: false },
    });
    expect(res.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/customers/export', headers: cashier.headers }))
        .statusCode,
    ).toBe(403);
  });
});
