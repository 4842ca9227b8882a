import type { DiscountScope, ItemKind } from '../../../contracts/catalog.js';
import type { FieldError } from '../../platform/errors.js';

export interface KindFields {
  trackStock: boolean;
  includes: readonly { itemId: string; quantity: number }[];
  discountPercent: number | null;
  discountAppliesTo: DiscountScope | null;
  durationDays: number | null;
  interval: 'month' | 'year' | null;
}

/** What each kind of item needs and may not have. */
export function kindProblems(kind: ItemKind, f: KindFields): FieldError[] {
  const problems: FieldError[] = [];
  const mustBeEmpty = (path: keyof KindFields, present: boolean) => {
    if (present) problems.push({ path, message: `is not used for a ${kind}` });
  };
  if (kind !== 'product') {
    if (f.trackStock) problems.push({ path: 'trackStock', message: 'only products track stock' });
  }
  if (kind === 'package') {
    if (f.includes.length === 0)
      problems.push({ path: 'includes', message: 'a package must include at least one item' });
    if (f.durationDays === null)
      problems.push({ path: 'durationDays', message: 'a package needs a duration in days' });
    const seen = new Set<string>();
    f.includes.forEach((inc, i) => {
      if (seen.has(inc.itemId)) problems.push({ path: `includes.${i}.itemId`, message: 'is listed twice' });
      seen.add(inc.itemId);
    });
  } else {
    mustBeEmpty('includes', f.includes.length > 0);
    mustBeEmpty('durationDays', f.durationDays !== null);
  }
  if (kind === 'membership') {
    if (f.interval === null)
      problems.push({ path: 'interval', message: 'a membership renews monthly or yearly' });
  } else {
    mustBeEmpty('interval', f.interval !== null);
  }
  if (kind === 'product' || kind === 'service') {
    mustBeEmpty('discountPercent', f.discountPercent !== null);
    mustBeEmpty('discountAppliesTo', f.discountAppliesTo !== null);
  }
  return problems;
}
