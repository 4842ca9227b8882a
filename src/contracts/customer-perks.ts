import { z } from 'zod';
import { divideRounded } from './order-totals.js';

/**
 * What a customer's memberships and packages give them right now: the best percentage off
 * services (an active membership's, or a valid package's), the best off products (from those whose
 * discount comes off everything), and the package credits they can still use, the soonest to
 * expire first.
 */
export const customerPerksSchema = z
  .object({
    discount: z
      .object({ percent: z.number().int(), from: z.string().describe('the membership or package') })
      .nullable()
      .describe('the best percentage off services'),
    productDiscount: z
      .object({ percent: z.number().int(), from: z.string().describe('the membership or package') })
      .nullable()
      .describe('the best percentage off products, from a plan whose discount comes off everything'),
    credits: z.array(
      z.object({
        packageId: z.string(),
        package: z.string(),
        itemId: z.string().describe('the service a credit pays for'),
        service: z.string(),
        remaining: z.number().int(),
        expiresAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'CustomerPerks' });
export type CustomerPerks = z.infer<typeof customerPerksSchema>;

export interface PerkLine {
  kind: string;
  itemId: string | null;
  /** The price of one. */
  price: number;
  quantity: number;
  /** The discount the cashier gave the whole line. */
  discount: number;
}

export interface PricedLine {
  discount: number;
  /** Units a package's credits pay for (charged 0), and that package. */
  creditsUsed: number;
  packageId: string | null;
}

/**
 * Prices a sale's lines for a customer: an item a package includes (a service, or a product)
 * costs nothing for as many units as there are credits (the package expiring first is used
 * first); the rest of a service line takes the customer's best percentage off services, and the
 * rest of a product line the best percentage off everything (rounded half away from zero). A
 * cashier's larger discount on the line wins, and then spends no credits. Other lines (gift cards,
 * packages, memberships) keep the cashier's discount. The register's cart, the shop's cart and the
 * server all price a sale with this, so the carts show what the sale will charge.
 */
export function applyPerks(lines: readonly PerkLine[], perks: CustomerPerks | null): PricedLine[] {
  const left = new Map((perks?.credits ?? []).map((c) => [`${c.packageId} ${c.itemId}`, c.remaining]));
  return lines.map((line) => {
    const asIs = { discount: line.discount, creditsUsed: 0, packageId: null };
    if (!perks || (line.kind !== 'service' && line.kind !== 'product')) return asIs;
    const credit = perks.credits.find(
      (c) => c.itemId === line.itemId && (left.get(`${c.packageId} ${c.itemId}`) ?? 0) > 0,
    );
    const key = credit ? `${credit.packageId} ${credit.itemId}` : '';
    const creditsUsed = credit ? Math.min(line.quantity, left.get(key)!) : 0;
    const covered = line.price * creditsUsed;
    const rest = line.price * line.quantity - covered;
    const percent = (line.kind === 'service' ? perks.discount : perks.productDiscount)?.percent ?? 0;
    const perksOff = covered + Math.min(rest, divideRounded(rest * percent, 100));
    if (line.discount > 0 && line.discount >= perksOff) return asIs;
    if (credit) left.set(key, left.get(key)! - creditsUsed);
    return { discount: perksOff, creditsUsed, packageId: creditsUsed > 0 ? credit!.packageId : null };
  });
}

/**
 * What is left of a package's value: what was paid, in proportion to the worth of the credits
 * left (each credit at its service's price when bought) against all it came with. Nothing once it
 * has expired or been refunded.
 */
export function unusedPackageValue(
  price: number,
  credits: readonly { unitPrice: number; included: number; remaining: number }[],
  usable: boolean,
): number {
  if (!usable) return 0;
  const whole = credits.reduce((sum, c) => sum + c.unitPrice * c.included, 0);
  const left = credits.reduce((sum, c) => sum + c.unitPrice * c.remaining, 0);
  if (whole === 0) return credits.length === 0 ? price : 0;
  return Math.floor((price * left) / whole);
}
