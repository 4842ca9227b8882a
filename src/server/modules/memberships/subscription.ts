// Memberships' pure rules: billing periods, and what a renewal attempt does to a subscription. No I/O.

export const subscriptionStatuses = ['active', 'past_due', 'paused', 'cancelled'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];
export type BillingInterval = 'month' | 'year';

const DAY_MS = 86_400_000;

/** Days after a declined renewal on which it is tried again; after the last, the membership is past due. */
export const RETRY_AFTER_DAYS = [1, 3, 5] as const;

/**
 * The start of the period after the one starting at `start`, on the same day of the month as the
 * subscription's first day (`anchorDay`), or the month's last day when it has fewer days: a
 * membership bought on 31 January renews on 28 (or 29) February, then on 31 March.
 */
export function nextPeriodStart(start: Date, interval: BillingInterval, anchorDay: number): Date {
  const months = interval === 'month' ? 1 : 12;
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(anchorDay, lastDay),
      start.getUTCHours(),
      start.getUTCMinutes(),
      start.getUTCSeconds(),
      start.getUTCMilliseconds(),
    ),
  );
}

export interface RenewalState {
  status: SubscriptionStatus;
  /** The start of the period the next charge pays for. */
  periodStart: Date;
  /** When the next attempt is due (the period's start, or a retry after a decline). */
  nextPaymentAt: Date;
  /** Declined attempts for this period so far. */
  failedAttempts: number;
  cancelAtPeriodEnd: boolean;
}

export type RenewalResult = 'approved' | 'declined';

/**
 * What one renewal attempt's answer does. Approved: the period is paid and the next one is due at
 * its start. Declined: tried again 1, 3 and 5 days after the period's start; declined a fourth
 * time, the membership is past due (its discount stops) until the customer pays.
 */
export function afterRenewal(
  state: RenewalState,
  result: RenewalResult,
  interval: BillingInterval,
  anchorDay: number,
): RenewalState & { paidPeriod: Date | null } {
  if (result === 'approved') {
    const next = nextPeriodStart(state.periodStart, interval, anchorDay);
    return {
      ...state,
      status: 'active',
      periodStart: next,
      nextPaymentAt: next,
      failedAttempts: 0,
      paidPeriod: state.periodStart,
    };
  }
  const failedAttempts = state.failedAttempts + 1;
  const retryIn = RETRY_AFTER_DAYS[failedAttempts - 1];
  if (retryIn === undefined) {
    return { ...state, status: 'past_due', failedAttempts, paidPeriod: null };
  }
  return {
    ...state,
    failedAttempts,
    nextPaymentAt: new Date(state.periodStart.getTime() + retryIn * DAY_MS),
    paidPeriod: null,
  };
}

/** Whether a subscription is charged when its time comes. */
export const isRenewable = (s: Pick<RenewalState, 'status' | 'cancelAtPeriodEnd'>) =>
  s.status === 'active' && !s.cancelAtPeriodEnd;

/** Whether the membership's discount applies now: paid up, or within its grace while retrying. */
export const discountApplies = (s: Pick<RenewalState, 'status'>) => s.status === 'active';
