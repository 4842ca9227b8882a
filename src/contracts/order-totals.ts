/**
 * An order's totals, from its lines: one pure function used by the server and by the register's cart,
 * so that every channel, and what the cashier sees, add up the same way.
 *
 * - Amounts are integers in minor units; tax rates are basis points (825 = 8.25 %).
 * - A line's discount is an amount off the whole line (quantity × unit price), never more than it.
 * - Tax is worked out and rounded per line, half away from zero, then the lines are summed: the
 *   order's total is exactly the sum of its lines' totals, as a receipt shows them.
 * - Tax-inclusive prices (the store setting): the line's price after discount is what the customer
 *   pays; the tax in it is amount × rate / (10000 + rate). Tax-exclusive: tax is net × rate / 10000,
 *   added on top.
 */

export interface LineInput {
  unitPrice: number;
  quantity: number;
  /** Basis points. */
  taxRate: number;
  /** Off the whole line, minor units. */
  discount: number;
  unitCost: number;
}

export interface LineTotals {
  /** Quantity × unit price, before the discount. */
  gross: number;
  discount: number;
  /** Without tax, after the discount. */
  net: number;
  tax: number;
  /** What the customer pays for the line. */
  total: number;
  /** Quantity × unit cost. */
  cost: number;
}

export interface OrderTotals {
  subtotal: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
  cost: number;
  /** Net minus cost: what the sale earns before overheads. */
  profit: number;
}

/** a / b rounded half away from zero, for integers with b > 0. */
export function divideRounded(a: number, b: number): number {
  const r = a % b;
  const q = (a - r) / b;
  if (2 * Math.abs(r) >= b) return q + Math.sign(a);
  return q;
}

export function lineTotals(line: LineInput, pricesIncludeTax: boolean): LineTotals {
  const gross = line.unitPrice * line.quantity;
  const discount = Math.min(Math.max(line.discount, 0), Math.max(gross, 0));
  const amount = gross - discount;
  const cost = line.unitCost * line.quantity;
  if (pricesIncludeTax) {
    const tax = divideRounded(amount * line.taxRate, 10_000 + line.taxRate);
    return { gross, discount, net: amount - tax, tax, total: amount, cost };
  }
  const tax = divideRounded(amount * line.taxRate, 10_000);
  return { gross, discount, net: amount, tax, total: amount + tax, cost };
}

export function sumTotals(lines: readonly LineTotals[]): OrderTotals {
  const totals = { subtotal: 0, discount: 0, net: 0, tax: 0, total: 0, cost: 0, profit: 0 };
  for (const l of lines) {
    totals.subtotal += l.gross;
    totals.discount += l.discount;
    totals.net += l.net;
    totals.tax += l.tax;
    totals.total += l.total;
    totals.cost += l.cost;
  }
  totals.profit = totals.net - totals.cost;
  return totals;
}

export function orderTotals(
  lines: readonly LineInput[],
  pricesIncludeTax: boolean,
): { lines: LineTotals[]; totals: OrderTotals } {
  const each = lines.map((l) => lineTotals(l, pricesIncludeTax));
  return { lines: each, totals: sumTotals(each) };
}

/** Lines of catalogue items (their price, tax rate and cost as they are now) and their totals. */
export function itemLineTotals(
  lines: readonly {
    item: { price: number; taxRate: number; cost: number };
    quantity: number;
    discount: number;
  }[],
  pricesIncludeTax: boolean,
): { lines: LineTotals[]; totals: OrderTotals } {
  return orderTotals(
    lines.map((l) => ({
      unitPrice: l.item.price,
      quantity: l.quantity,
      taxRate: l.item.taxRate,
      discount: l.discount,
      unitCost: l.item.cost,
    })),
    pricesIncludeTax,
  );
}
