import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEntry,
  type CardState,
  groupedCode,
  isLuhnValid,
  type LedgerKind,
  luhnCheckDigit,
  maskedCode,
  newGiftCardCode,
  normaliseCode,
  serialProblem,
} from './gift-card.js';

describe('gift card codes', () => {
  it('are 16 digits: the prefix, 11 random digits and a Luhn check digit', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{4}$/),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }),
        (prefix, digits) => {
          let i = 0;
          const code = newGiftCardCode(prefix, () => digits[i++]!);
          expect(code).toMatch(/^\d{16}$/);
          expect(code.startsWith(prefix)).toBe(true);
          expect(code.slice(4, 15)).toBe(digits.join(''));
          expect(isLuhnValid(code)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('catch any single mistyped digit', () => {
    const code = newGiftCardCode('6061', () => 7);
    for (let pos = 0; pos < code.length; pos++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === code[pos]) continue;
        expect(isLuhnValid(code.slice(0, pos) + d + code.slice(pos + 1))).toBe(false);
      }
    }
  });

  it('use the standard Luhn digit', () => {
    // 4111 1111 1111 1111 and 7992739871(3) are the textbook examples.
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('7992739871')).toBe('3');
  });

  it('refuse a prefix that is not 4 digits', () => {
    expect(() => newGiftCardCode('60A1', () => 0)).toThrow();
    expect(() => newGiftCardCode('606', () => 0)).toThrow();
  });

  it('compare without case, spaces or dashes', () => {
    expect(normaliseCode(' ab12-cd34 ef56 ')).toBe('AB12CD34EF56');
    expect(groupedCode('6061123456789012')).toBe('6061 1234 5678 9012');
    expect(maskedCode('9012')).toBe('•••• 9012');
  });

  it('take physical serials of 8 to 20 letters or digits', () => {
    expect(serialProblem('PHY-0000-0001')).toBeNull();
    expect(serialProblem('12345678')).toBeNull();
    expect(serialProblem('1234567')).toMatch(/8 to 20/);
    expect(serialProblem('A'.repeat(21))).toMatch(/8 to 20/);
    expect(serialProblem('ABCD_1234')).toMatch(/letters and digits/);
  });
});

describe('a ledger entry', () => {
  const active: CardState = { status: 'active', balance: 5000 };

  it('redeems only what is on an active card', () => {
    expect(applyEntry(active, 'redeem', -5000)).toEqual({ ok: true, balance: 0, status: 'active' });
    expect(applyEntry(active, 'redeem', -5001)).toEqual({ ok: false, code: 'insufficient_balance' });
    expect(applyEntry({ ...active, status: 'disabled' }, 'redeem', -1)).toEqual({
      ok: false,
      code: 'gift_card_inactive',
    });
    expect(applyEntry(active, 'redeem', 100)).toEqual({ ok: false, code: 'invalid_amount' });
  });

  it('reloads an active card only, by a positive amount', () => {
    expect(applyEntry(active, 'reload', 100)).toMatchObject({ ok: true, balance: 5100 });
    expect(applyEntry({ ...active, status: 'expired' }, 'reload', 100)).toMatchObject({ ok: false });
    expect(applyEntry(active, 'reload', 0)).toMatchObject({ ok: false, code: 'invalid_amount' });
  });

  it('takes refunds back onto a disabled card, not onto a pending one', () => {
    expect(applyEntry({ status: 'disabled', balance: 0 }, 'refund', 300)).toMatchObject({
      ok: true,
      balance: 300,
    });
    expect(applyEntry({ status: 'pending', balance: 0 }, 'refund', 300)).toMatchObject({ ok: false });
  });

  it('voids and expires exactly what is left, closing the card', () => {
    expect(applyEntry(active, 'void', -5000)).toEqual({ ok: true, balance: 0, status: 'disabled' });
    expect(applyEntry(active, 'expire', -5000)).toEqual({ ok: true, balance: 0, status: 'expired' });
    expect(applyEntry(active, 'void', -10)).toMatchObject({ ok: false });
  });

  it('issues once, onto an empty card', () => {
    expect(applyEntry({ status: 'pending', balance: 0 }, 'issue', 2500)).toEqual({
      ok: true,
      balance: 2500,
      status: 'active',
    });
    expect(applyEntry(active, 'issue', 2500)).toMatchObject({ ok: false });
  });

  it('over thousands of random sequences: the balance is the sum of what was accepted, never below zero', () => {
    const op = fc.record({
      kind: fc.constantFrom<LedgerKind>('reload', 'redeem', 'refund', 'adjust', 'void'),
      amount: fc.integer({ min: -20_000, max: 20_000 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.array(op, { maxLength: 40 }), (issued, ops) => {
        let card: CardState = { status: 'pending', balance: 0 };
        const first = applyEntry(card, 'issue', issued);
        if (!first.ok) throw new Error('issue refused');
        card = first;
        let sum = issued;
        for (const o of ops) {
          const amount = o.kind === 'void' ? -card.balance : o.amount;
          const outcome = applyEntry(card, o.kind, amount);
          if (outcome.ok) {
            sum += amount;
            card = outcome;
          }
          expect(card.balance).toBe(sum);
          expect(card.balance).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
