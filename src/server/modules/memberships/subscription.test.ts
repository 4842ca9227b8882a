import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterRenewal, nextPeriodStart, RETRY_AFTER_DAYS, type RenewalState } from './subscription.js';

const at = (iso: string) => new Date(iso);
const DAY_MS = 86_400_000;

describe('billing periods', () => {
  it('renew monthly on the same day, or the month’s last day when it is shorter', () => {
    let start = at('2026-01-31T10:00:00Z');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      start = nextPeriodStart(start, 'month', 31);
      seen.push(start.toISOString().slice(0, 10));
    }
    expect(seen).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
    expect(nextPeriodStart(at('2027-12-15T00:00:00Z'), 'month', 15).toISOString()).toBe(
      '2028-01-15T00:00:00.000Z',
    );
  });

  it('renew yearly, 29 February falling back to 28 February', () => {
    expect(nextPeriodStart(at('2028-02-29T09:30:00Z'), 'year', 29).toISOString()).toBe(
      '2029-02-28T09:30:00.000Z',
    );
  });

  it('always move forward, by 28 to 31 days a month', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2020-01-01'), max: at('2040-01-01'), noInvalidDate: true }), (d) => {
        const next = nextPeriodStart(d, 'month', d.getUTCDate());
        const days = (next.getTime() - d.getTime()) / DAY_MS;
        expect(days).toBeGreaterThanOrEqual(28);
        expect(days).toBeLessThanOrEqual(31);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a renewal attempt', () => {
  const due: RenewalState = {
    status: 'active',
    periodStart: at('2026-12-01T08:00:00Z'),
    nextPaymentAt: at('2026-12-01T08:00:00Z'),
    failedAttempts: 0,
    cancelAtPeriodEnd: false,
  };

  it('approved: pays the period and is due again at the next one', () => {
    const next = afterRenewal(due, 'approved', 'month', 1);
    expect(next).toMatchObject({ status: 'active', failedAttempts: 0, paidPeriod: due.periodStart });
    expect(next.nextPaymentAt.toISOString()).toBe('2027-01-01T08:00:00.000Z');
  });

  it('declined: retried after 1, 3 and 5 days, then past due', () => {
    let state: RenewalState = due;
    const retries: string[] = [];
    for (let i = 0; i < RETRY_AFTER_DAYS.length; i++) {
      state = afterRenewal(state, 'declined', 'month', 1);
      expect(state.status).toBe('active');
      retries.push(state.nextPaymentAt.toISOString().slice(0, 10));
    }
    expect(retries).toEqual(['2026-12-02', '2026-12-04', '2026-12-06']);
    state = afterRenewal(state, 'declined', 'month', 1);
    expect(state).toMatchObject({ status: 'past_due', failedAttempts: 4 });
  });

  it('approved after declines: the same period is paid, and the next is due on its usual day', () => {
    const declined = afterRenewal(due, 'declined', 'month', 1);
    const paid = afterRenewal(declined, 'approved', 'month', 1);
    expect(paid.paidPeriod).toEqual(due.periodStart);
    expect(paid.nextPaymentAt.toISOString()).toBe('2027-01-01T08:00:00.000Z');
    expect(paid.failedAttempts).toBe(0);
  });
});
