import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded, type LineInput, lineTotals, orderTotals } from './order-totals.js';

const line = fc.record({
  unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
  quantity: fc.integer({ min: 1, max: 500 }),
  taxRate: fc.oneof(fc.constantFrom(0, 500, 825, 1000, 2000, 2500), fc.integer({ min: 0, max: 10_000 })),
  discount: fc.integer({ min: 0, max: 50_000_000 }),
  unitCost: fc.integer({ min: 0, max: 5_000_000 }),
});

describe('order totals', () => {
  it('rounds half away from zero', () => {
    expect(divideRounded(5, 10)).toBe(1);
    expect(divideRounded(4, 10)).toBe(0);
    expect(divideRounded(15, 10)).toBe(2);
    expect(divideRounded(-5, 10)).toBe(-1);
    expect(divideRounded(-4, 10)).toBe(0);
    expect(divideRounded(0, 7)).toBe(0);
  });

  it('works out a receipt by hand: tax added on top, and tax inside the price', () => {
    const lines: LineInput[] = [
      { unitPrice: 1850, quantity: 2, taxRate: 825, discount: 0, unitCost: 700 },
      { unitPrice: 999, quantity: 1, taxRate: 825, discount: 100, unitCost: 400 },
      { unitPrice: 4500, quantity: 1, taxRate: 0, discount: 0, unitCost: 0 },
    ];
    // 3700 × 8.25 % = 305.25 → 305; 899 × 8.25 % = 74.17 → 74.
    expect(orderTotals(lines, false).totals).toEqual({
      subtotal: 9199,
      discount: 100,
      net: 9099,
      tax: 379,
      total: 9478,
      cost: 1800,
      profit: 7299,
    });
    // 3700 × 825 / 10825 = 281.98 → 282; 899 × 825 / 10825 = 68.51 → 69.
    expect(orderTotals(lines, true).totals).toEqual({
      subtotal: 9199,
      discount: 100,
      net: 8748,
      tax: 351,
      total: 9099,
      cost: 1800,
      profit: 6948,
    });
  });

  it('lines add up to the order, tax is never negative, and each line is net + tax', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.boolean(), (lines, inclusive) => {
        const { lines: each, totals } = orderTotals(lines, inclusive);
        const sum = (pick: (l: (typeof each)[number]) => number) => each.reduce((s, l) => s + pick(l), 0);
        expect(totals.total).toBe(sum((l) => l.total));
        expect(totals.tax).toBe(sum((l) => l.tax));
        expect(totals.net).toBe(sum((l) => l.net));
        expect(totals.discount).toBe(sum((l) => l.discount));
        expect(totals.subtotal - totals.discount).toBe(inclusive ? totals.total : totals.net);
        expect(totals.profit).toBe(totals.net - totals.cost);
        for (const l of each) {
          expect(l.tax).toBeGreaterThanOrEqual(0);
          expect(l.net).toBeGreaterThanOrEqual(0);
          expect(l.net + l.tax).toBe(l.total);
          expect(l.discount).toBeLessThanOrEqual(l.gross);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('tax is the rate of the net, off by at most half a minor unit', () => {
    fc.assert(
      fc.property(line, fc.boolean(), (input, inclusive) => {
        const l = lineTotals(input, inclusive);
        // Exclusive: tax = net × rate, rounded. Inclusive: the same relation, as seen from the total.
        const exact = inclusive
          ? (l.total * input.taxRate) / (10_000 + input.taxRate)
          : (l.net * input.taxRate) / 10_000;
        expect(Math.abs(l.tax - exact)).toBeLessThanOrEqual(0.5);
      }),
      { numRuns: 3000 },
    );
  });

  it('a discount larger than the line takes it to zero, never below', () => {
    const l = lineTotals({ unitPrice: 500, quantity: 2, taxRate: 825, discount: 5000, unitCost: 100 }, false);
    expect(l).toEqual({ gross: 1000, discount: 1000, net: 0, tax: 0, total: 0, cost: 200 });
  });
});
