import { describe, expect, it } from 'vitest';
import { apportion } from './sales-breakdowns.js';

describe('apportion', () => {
  it('splits in proportion, the parts adding up exactly', () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(1900, [1980, 0, 5000])).toEqual([539, 0, 1361]);
    for (const [amount, weights] of [
      [1, [3, 3, 3]],
      [9999, [1, 2, 3, 4]],
      [7, [0.5, 0.25, 0.25]],
    ] as const) {
      const parts = apportion(amount, weights);
      expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
    }
  });

  it('gives it all to the first when nothing weighs, and nothing to split among nobody', () => {
    expect(apportion(500, [0, 0])).toEqual([500, 0]);
    expect(apportion(500, [])).toEqual([]);
  });
});
