import { divideRounded } from './order-totals.js';

/**
 * A line's discount for a customer whose membership takes `percent` off services: the membership's
 * (rounded half away from zero) or the one the cashier gave, whichever is more. Other kinds of
 * line keep the cashier's. The register's cart and the server both price a sale with this.
 */
export function memberLineDiscount(
  kind: string,
  gross: number,
  manual: number,
  percent: number | null | undefined,
): number {
  if (kind !== 'service' || !percent || percent <= 0) return manual;
  return Math.max(manual, Math.min(gross, divideRounded(gross * percent, 100)));
}
