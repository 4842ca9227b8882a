import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSession, openTestApp, postJson, staffSession, type TestApp } from '../helpers/app.js';

type Headers = Record<string, string>;

/** A shopper must not be able to tell which gift card codes exist by trying them at checkout. */
describe('gift card codes at checkout', () => {
  let t: TestApp;
  let manager: { headers: Headers };

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
  });
  afterAll(() => t.close());

  it('at checkout, a disabled gift card answers exactly as a code that is no card', async () => {
    const shopper = await customerSession(t, 'Gift Prober');
    const item = (
      await postJson(
        t,
        '/api/admin/items',
        { kind: 'product', sku: 'MUG', name: 'Mug', price: 1500, cost: 500, taxRate: 0, trackStock: false },
        manager.headers,
      )
    ).json();
    const issued = (await postJson(t, '/api/admin/gift-cards', { amount: 5000 }, manager.headers)).json();
    const disabled = await postJson(
      t,
      `/api/admin/gift-cards/${issued.id}/status`,
      { status: 'disabled', reason: 'Reported stolen' },
      manager.headers,
    );
    expect(disabled.statusCode, disabled.body).toBe(200);
    const unknownCode = `${issued.code.slice(0, -4)}${issued.code.slice(-4) === '0000' ? '1111' : '0000'}`;
    const pay = (code: string) =>
      postJson(
        t,
        '/api/store/checkout',
        { lines: [{ itemId: item.id, quantity: 1 }], giftCardCodes: [code] },
        shopper.headers,
      );

    const withDisabled = await pay(issued.code);
    const withUnknown = await pay(unknownCode);
    expect(withDisabled.statusCode).toBe(withUnknown.statusCode);
    expect(withDisabled.statusCode).toBe(400);
    const { instance: _a, ...disabledProblem } = withDisabled.json();
    const { instance: _b, ...unknownProblem } = withUnknown.json();
    expect(disabledProblem).toEqual(unknownProblem);
    expect(disabledProblem.code).toBe('validation_failed');
    expect(JSON.stringify(disabledProblem)).not.toContain(issued.last4);
    expect(JSON.stringify(disabledProblem)).not.toMatch(/disabled/);
  });

  it('a code typed twice is refused as such before it is looked up, card or not', async () => {
    const shopper = await customerSession(t, 'Twice Prober');
    const item = (
      await postJson(
        t,
        '/api/admin/items',
        { kind: 'product', sku: 'CUP', name: 'Cup', price: 1500, cost: 500, taxRate: 0, trackStock: false },
        manager.headers,
      )
    ).json();
    const issued = (await postJson(t, '/api/admin/gift-cards', { amount: 5000 }, manager.headers)).json();
    const unknownCode = `${issued.code.slice(0, -4)}${issued.code.slice(-4) === '0000' ? '1111' : '0000'}`;
    const twiceFor = async (code: string) => {
      const res = await postJson(
        t,
        '/api/store/checkout',
        { lines: [{ itemId: item.id, quantity: 1 }], giftCardCodes: [code, code.toLowerCase()] },
        shopper.headers,
      );
      expect(res.statusCode).toBe(400);
      return (res.json().errors as { path: string; message: string }[]).find(
        (e) => e.path === 'giftCardCodes.1',
      );
    };
    const real = await twiceFor(issued.code);
    const made = await twiceFor(unknownCode);
    expect(real).toEqual({ path: 'giftCardCodes.1', message: 'is the same card twice' });
    expect(made).toEqual(real);
    const card = await t.app.inject({
      method: 'GET',
      url: `/api/admin/gift-cards/${issued.id}`,
      headers: manager.headers,
    });
    expect(card.json().balance).toBe(5000);
  });
});
