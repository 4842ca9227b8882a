import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPerks, type CustomerPerks, unusedPackageValue } from './customer-perks.js';

const blowDry = { kind: 'service', itemId: 'blow', price: 3500, discount: 0 };
const cut = { kind: 'service', itemId: 'cut', price: 6000, discount: 0 };
const balm = { kind: 'product', itemId: 'balm', price: 1100, quantity: 1, discount: 0 };
const credits = (remaining: number, packageId = 'pkg1'): CustomerPerks['credits'][number] => ({
  packageId,
  package: '10 Blow-dries',
  itemId: 'blow',
  service: 'Blow-dry',
  remaining,
  expiresAt: '2026-12-31T00:00:00.000Z',
});

describe('customer perks', () => {
  it('charges a covered service 0 for as many units as there are credits, and discounts the rest', () => {
    const perks: CustomerPerks = {
      discount: { percent: 10, from: '10 Blow-dries' },
      productDiscount: null,
      credits: [credits(2)],
    };
    const priced = applyPerks([{ ...blowDry, quantity: 3 }, { ...cut, quantity: 1 }, balm], perks);
    // Two blow-dries on credits (7000 off), the third at 10 % off (350); the cut 10 % off; the balm as is.
    expect(priced).toEqual([
      { discount: 7350, creditsUsed: 2, packageId: 'pkg1' },
      { discount: 600, creditsUsed: 0, packageId: null },
      { discount: 0, creditsUsed: 0, packageId: null },
    ]);
  });

  it('spends the credits once across lines, the package listed first before the next', () => {
    const perks: CustomerPerks = {
      discount: null,
      productDiscount: null,
      credits: [credits(1, 'soon'), credits(1, 'later')],
    };
    const priced = applyPerks(
      [
        { ...blowDry, quantity: 1 },
        { ...blowDry, quantity: 1 },
        { ...blowDry, quantity: 1 },
      ],
      perks,
    );
    expect(priced.map((p) => [p.creditsUsed, p.packageId, p.discount])).toEqual([
      [1, 'soon', 3500],
      [1, 'later', 3500],
      [0, null, 0],
    ]);
  });

  it('keeps a larger discount the cashier gave, and gives nothing without perks', () => {
    const perks: CustomerPerks = {
      discount: { percent: 15, from: 'Monthly' },
      productDiscount: null,
      credits: [],
    };
    expect(applyPerks([{ ...cut, quantity: 1, discount: 2000 }], perks)[0]!.discount).toBe(2000);
    expect(applyPerks([{ ...cut, quantity: 1, discount: 100 }], null)[0]!.discount).toBe(100);
  });

  it('takes a plan’s discount off products only when it comes off everything', () => {
    const servicesOnly: CustomerPerks = {
      discount: { percent: 15, from: 'Monthly' },
      productDiscount: null,
      credits: [],
    };
    const everything: CustomerPerks = {
      discount: { percent: 15, from: 'Monthly' },
      productDiscount: { percent: 10, from: 'Gold' },
      credits: [],
    };
    const gift = { kind: 'gift_card', itemId: null, price: 5000, quantity: 1, discount: 0 };
    const lines = [{ ...balm, quantity: 3 }, { ...cut, quantity: 1 }, gift];
    expect(applyPerks(lines, servicesOnly).map((p) => p.discount)).toEqual([0, 900, 0]);
    // 10 % of 33.00 is 3.30; the cut keeps the better 15 %; a gift card is never discounted.
    expect(applyPerks(lines, everything).map((p) => p.discount)).toEqual([330, 900, 0]);
    expect(applyPerks([{ ...balm, discount: 500 }], everything)[0]!.discount).toBe(500);
  });

  it('spends no credit on a line the cashier gave away for more, and covers a product a package includes', () => {
    const perks: CustomerPerks = {
      discount: null,
      productDiscount: null,
      credits: [credits(1), { ...credits(2), itemId: 'balm', service: 'Balm' }],
    };
    const priced = applyPerks(
      [
        { ...blowDry, quantity: 1, discount: 3500 },
        { ...blowDry, quantity: 1 },
        { ...balm, quantity: 3 },
      ],
      perks,
    );
    // The comped blow-dry leaves the one credit for the next; two of three balms on credits.
    expect(priced).toEqual([
      { discount: 3500, creditsUsed: 0, packageId: null },
      { discount: 3500, creditsUsed: 1, packageId: 'pkg1' },
      { discount: 2200, creditsUsed: 2, packageId: 'pkg1' },
    ]);
  });

  it('never discounts a line below zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 30 }),
        (price, quantity, percent, remaining) => {
          const [p, q] = applyPerks(
            [
              { ...blowDry, price, quantity },
              { ...balm, price, quantity },
            ],
            {
              discount: { percent, from: 'x' },
              productDiscount: { percent, from: 'x' },
              credits: [credits(remaining)],
            },
          );
          expect(p!.discount).toBeLessThanOrEqual(price * quantity);
          expect(p!.creditsUsed).toBe(Math.min(quantity, remaining));
          expect(q!.discount).toBeLessThanOrEqual(price * quantity);
        },
      ),
    );
  });

  it('refunds the unused part of a package, each credit at its service’s price', () => {
    const lines = [
      { unitPrice: 3500, included: 10, remaining: 7 },
      { unitPrice: 1000, included: 5, remaining: 5 },
    ];
    // 30000 paid; credits worth 40000, 29500 of them left → 22125.
    expect(unusedPackageValue(30000, lines, true)).toBe(22125);
    expect(unusedPackageValue(30000, lines, false)).toBe(0);
    expect(unusedPackageValue(30000, [{ unitPrice: 3500, included: 10, remaining: 0 }], true)).toBe(0);
    expect(unusedPackageValue(30000, [{ unitPrice: 3500, included: 10, remaining: 10 }], true)).toBe(30000);
  });
});
