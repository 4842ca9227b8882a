import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSession, ORIGIN, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

type Headers = Record<string, string>;

/** A photo as a phone takes it: large, with the camera's and the place's metadata. */
const photo = () =>
  sharp({ create: { width: 2400, height: 1600, channels: 3, background: { r: 200, g: 90, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Mallory Snapshot', Copyright: 'GPS 48.8584 N 2.2945 E' } })
    .toBuffer();
const smallPng = () =>
  sharp({ create: { width: 300, height: 500, channels: 4, background: { r: 20, g: 120, b: 200, alpha: 1 } } })
    .png()
    .toBuffer();
const svg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
);

describe('item pictures', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let owner: { headers: Headers };
  let cashier: { headers: Headers };
  let itemId: string;

  const put = (id: string, body: Buffer, type: string, headers: Headers = manager.headers) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/admin/items/${id}/picture`,
      headers: { ...headers, 'content-type': type },
      payload: body,
    });
  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const newItem = async (body: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/items',
      headers: manager.headers,
      payload: { price: 1000, ...body },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; pictureUrl: string | null };
  };

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    owner = await staffSession(t, 'owner');
    cashier = await staffSession(t, 'cashier');
    itemId = (await newItem({ kind: 'product', sku: 'PIC-1', name: 'Clay mask' })).id;
  });
  afterAll(() => t.close());

  it('takes a JPEG photo and serves it resized, as WebP, without the camera’s metadata', async () => {
    const original = await photo();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await put(itemId, original, 'image/jpeg');
    expect(res.statusCode).toBe(200);
    const saved = res.json();
    expect(saved).toMatchObject({ width: 800, height: 533 });

    const item = (await get(`/api/admin/items/${itemId}`)).json();
    expect(item.pictureUrl).toBe(saved.pictureUrl);
    const served = await get(item.pictureUrl);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 800, height: 533 });
    expect(meta.exif).toBeUndefined();
    expect(served.rawPayload.includes('Mallory')).toBe(false);
    expect(served.rawPayload.includes('48.8584')).toBe(false);

    // The browser asks again with what it has: nothing is sent twice.
    const again = await t.app.inject({
      method: 'GET',
      url: item.pictureUrl,
      headers: { ...manager.headers, 'if-none-match': served.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('takes a PNG, replacing the picture; a small one is kept at its size', async () => {
    const res = await put(itemId, await smallPng(), 'image/png', owner.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ width: 300, height: 500 });
    const item = (await get(`/api/admin/items/${itemId}`)).json();
    expect(item.pictureUrl).toBe(res.json().pictureUrl);
    const served = await get(`/api/store/items/${itemId}/picture`, {});
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ width: 300, height: 500 });
  });

  it('takes two uploads at once: one picture stays, served whole', async () => {
    const [a, b] = await Promise.all([
      put(itemId, await photo(), 'image/jpeg'),
      put(itemId, await smallPng(), 'image/png'),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const item = (await get(`/api/admin/items/${itemId}`)).json();
    expect([a.json().pictureUrl, b.json().pictureUrl]).toContain(item.pictureUrl);
    const served = await get(item.pictureUrl);
    expect(served.statusCode).toBe(200);
    expect((await sharp(served.rawPayload).metadata()).format).toBe('webp');
  });

  it('refuses what is not a JPEG, PNG or WebP with 400, and keeps the picture it had', async () => {
    const before = (await get(`/api/admin/items/${itemId}`)).json().pictureUrl;
    for (const [body, type] of [
      [svg, 'image/svg+xml'],
      [svg, 'image/png'],
      [Buffer.from('just some text, not a picture'), 'image/jpeg'],
      [Buffer.from('GIF89a'), 'application/octet-stream'],
      [Buffer.from('hello'), 'text/plain'],
      [Buffer.alloc(0), 'image/png'],
    ] as const) {
      const res = await put(itemId, body, type);
      expect(res.statusCode, type).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('validation_failed');
    }
    // JSON is not a picture either.
    const json = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/items/${itemId}/picture`,
      headers: manager.headers,
      payload: { picture: 'data:image/png;base64,AAAA' },
    });
    expect(json.statusCode).toBe(400);
    expect((await get(`/api/admin/items/${itemId}`)).json().pictureUrl).toBe(before);
  });

  it('refuses a file over 5 MB with 413', async () => {
    const huge = Buffer.concat([await photo(), Buffer.alloc(5 * 1024 * 1024)]);
    const res = await put(itemId, huge, 'image/jpeg');
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('takes bytes only where a picture goes: any other route refuses them, at any size, at once', async () => {
    const bytes = Buffer.alloc(900 * 1024, 7);
    for (const url of ['/api/store/auth/logout', '/api/auth/logout', '/api/admin/items']) {
      const started = performance.now();
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: {
          ...manager.headers,
          'content-type': 'application/octet-stream',
          'idempotency-key': `bytes-${url}`,
        },
        payload: bytes,
      });
      expect(res.statusCode, url).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(performance.now() - started).toBeLessThan(500);
    }
    const image = await t.app.inject({
      method: 'POST',
      url: '/api/store/auth/logout',
      headers: { origin: ORIGIN, 'content-type': 'image/png' },
      payload: await smallPng(),
    });
    expect(image.statusCode).toBe(415);
  });

  it('lets only managers and owners change pictures; shoppers and strangers cannot', async () => {
    const png = await smallPng();
    const refused = await put(itemId, png, 'image/png', cashier.headers);
    expect(refused.statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/admin/items/${itemId}/picture`,
          headers: cashier.headers,
        })
      ).statusCode,
    ).toBe(403);
    const shopper = await customerSession(t, 'Pat Shopper');
    expect((await put(itemId, png, 'image/png', shopper.headers)).statusCode).toBe(401);
    expect((await put(itemId, png, 'image/png', { origin: ORIGIN })).statusCode).toBe(401);
    // A cashier sees pictures at the register.
    const item = (await get(`/api/admin/items/${itemId}`, cashier.headers)).json();
    expect((await get(item.pictureUrl, cashier.headers)).statusCode).toBe(200);
    // Strangers see the shop's pictures only, not the staff route.
    expect((await get(item.pictureUrl, {})).statusCode).toBe(401);
  });

  it('answers 404 for an item that does not exist', async () => {
    expect((await put('itm_nope', await smallPng(), 'image/png')).statusCode).toBe(404);
    expect((await get('/api/admin/items/itm_nope/picture')).statusCode).toBe(404);
    expect((await get('/api/store/items/itm_nope/picture', {})).statusCode).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: '/api/admin/items/itm_nope/picture',
          headers: manager.headers,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('shows an archived item’s picture to staff only, and a service’s not in the shop', async () => {
    const archived = await newItem({ kind: 'product', sku: 'PIC-OLD', name: 'Old lotion' });
    const service = await newItem({ kind: 'service', sku: 'PIC-CUT', name: 'Haircut' });
    for (const id of [archived.id, service.id])
      expect((await put(id, await smallPng(), 'image/png')).statusCode).toBe(200);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/items/${archived.id}`,
      headers: manager.headers,
      payload: { active: false },
    });
    expect((await get(`/api/store/items/${archived.id}/picture`, {})).statusCode).toBe(404);
    expect((await get(`/api/store/items/${service.id}/picture`, {})).statusCode).toBe(404);
    expect((await get(`/api/admin/items/${archived.id}/picture`)).statusCode).toBe(200);
  });

  it('takes a picture away', async () => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/items/${itemId}/picture`,
      headers: manager.headers,
    });
    expect(res.statusCode).toBe(204);
    expect((await get(`/api/admin/items/${itemId}`)).json().pictureUrl).toBeNull();
    expect((await get(`/api/admin/items/${itemId}/picture`)).statusCode).toBe(404);
    expect((await get(`/api/store/items/${itemId}/picture`, {})).statusCode).toBe(404);
  });
});

describe('the shop’s catalogue', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    const add = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/admin/items', headers: manager.headers, payload });
    for (let i = 0; i < 30; i++) {
      const n = String(i).padStart(2, '0');
      expect(
        (await add({ kind: 'product', sku: `P-${n}`, name: `Product ${n}`, price: 100 + i })).statusCode,
      ).toBe(201);
    }
    const cut = (await add({ kind: 'service', sku: 'S-1', name: 'Cut', price: 3000 })).json();
    expect(
      (
        await add({
          kind: 'package',
          sku: 'K-1',
          name: 'Five cuts',
          price: 12000,
          durationDays: 90,
          includes: [{ itemId: cut.id, quantity: 5 }],
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await add({ kind: 'membership', sku: 'M-1', name: 'Club', price: 2000, interval: 'month' }))
        .statusCode,
    ).toBe(201);
    const gone = (await add({ kind: 'product', sku: 'P-OLD', name: 'Product gone', price: 100 })).json();
    await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/items/${gone.id}`,
      headers: manager.headers,
      payload: { active: false },
    });
    const pic = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    const first = (
      await t.app.inject({ method: 'GET', url: '/api/admin/items?q=Product%2000', headers: manager.headers })
    ).json().data[0];
    await t.app.inject({
      method: 'PUT',
      url: `/api/admin/items/${first.id}/picture`,
      headers: { ...manager.headers, 'content-type': 'image/png' },
      payload: pic,
    });
  });
  afterAll(() => t.close());

  const catalog = (query: string) => t.app.inject({ method: 'GET', url: `/api/store/catalog?${query}` });

  it('pages through everything the shop offers, 24 at a time, by name', async () => {
    const first = await catalog('limit=24');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.data).toHaveLength(24);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await catalog(`limit=24&cursor=${encodeURIComponent(page1.nextCursor)}`)).json();
    expect(page2.nextCursor).toBeNull();
    const names = [...page1.data, ...page2.data].map((i: { name: string }) => i.name);
    // 30 products, the package and the membership; not the service, not the archived product.
    expect(names).toHaveLength(32);
    expect(names).toContain('Five cuts');
    expect(names).toContain('Club');
    expect(names).not.toContain('Cut');
    expect(names).not.toContain('Product gone');
    expect(names).toEqual([...names].sort());
    // Pictures come with the list, as public URLs that answer.
    const withPicture = page1.data.find((i: { name: string }) => i.name === 'Product 00');
    expect(withPicture.pictureUrl).toMatch(/^\/api\/store\/items\/itm_\w+\/picture\?v=/);
    expect((await t.app.inject({ method: 'GET', url: withPicture.pictureUrl })).statusCode).toBe(200);
    expect(page1.data.find((i: { name: string }) => i.name === 'Product 01').pictureUrl).toBeNull();
  });

  it('gives the packages and memberships offered their pictures too', async () => {
    const club = (await catalog('kind=membership')).json().data[0];
    const pic = await sharp({ create: { width: 60, height: 60, channels: 3, background: '#a37' } })
      .png()
      .toBuffer();
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/admin/items/${club.id}/picture`,
          headers: { ...manager.headers, 'content-type': 'image/png' },
          payload: pic,
        })
      ).statusCode,
    ).toBe(200);
    const plans = (await t.app.inject({ method: 'GET', url: '/api/store/plans' })).json().data;
    const withPicture = plans.find((p: { id: string }) => p.id === club.id);
    expect(withPicture.pictureUrl).toMatch(/^\/api\/store\/items\/itm_\w+\/picture\?v=/);
    expect((await t.app.inject({ method: 'GET', url: withPicture.pictureUrl })).statusCode).toBe(200);
    expect(plans.find((p: { name: string }) => p.name === 'Five cuts').pictureUrl).toBeNull();
  });

  it('filters by kind', async () => {
    const memberships = (await catalog('kind=membership')).json();
    expect(memberships.data.map((i: { name: string; kind: string }) => [i.name, i.kind])).toEqual([
      ['Club', 'membership'],
    ]);
    const packages = (await catalog('kind=package')).json();
    expect(packages.data.map((i: { name: string }) => i.name)).toEqual(['Five cuts']);
    const products = (await catalog('kind=product&limit=200')).json();
    expect(products.data).toHaveLength(30);
    expect(products.data.every((i: { kind: string }) => i.kind === 'product')).toBe(true);
    const services = await catalog('kind=service');
    expect(services.statusCode).toBe(400);
    expect(services.json().code).toBe('validation_failed');
  });
});
