import { BodyReader, MAX_AMOUNT, MIN_STOCK } from './fields.js';
import {
  type FieldError,
  ID_PATTERN,
  invalid,
  methodNotAllowed,
  notSupported,
  type Reply,
  type Request,
  readOnly,
} from './router.js';
import { at } from './seed.js';

export const MAX_LEVELS = 100;

/**
 * POST /stock: sets the stock of up to 100 items as one change. Every level is checked before any is
 * set, so a refused batch leaves the cart as it was; the answer repeats each item's new level.
 */
export function stock(request: Request): Reply | undefined {
  if (request.segments[0] !== 'stock' || request.segments.length !== 1) return undefined;
  if (!request.capabilities.stock) return notSupported('stock');
  if (request.method !== 'POST') return methodNotAllowed('POST');
  if (!request.canWrite) return readOnly();
  const body = new BodyReader(request.body);
  if (body.errors.length > 0) return invalid('The body is not valid.', body.errors);
  const levels = (request.body as { levels?: unknown }).levels;
  if (!Array.isArray(levels) || levels.length === 0 || levels.length > MAX_LEVELS) {
    return invalid('The body is not valid.', [
      { pointer: '/levels', detail: `must be an array of 1 to ${MAX_LEVELS} levels` },
    ]);
  }
  const errors: FieldError[] = [];
  const wanted: { itemId: string; quantity: number }[] = [];
  const seen = new Set<string>();
  levels.forEach((level: unknown, index) => {
    const reader = new BodyReader(level, `/levels/${index}`);
    const itemId = reader.text('itemId', 64, { min: 1 });
    const quantity = reader.whole('quantity', MIN_STOCK, MAX_AMOUNT);
    errors.push(...reader.errors);
    if (typeof itemId !== 'string' || typeof quantity !== 'number') return;
    if (!ID_PATTERN.test(itemId) || !request.store.items.some((item) => item.id === itemId)) {
      errors.push({
        pointer: `/levels/${index}/itemId`,
        code: 'unknown_item',
        detail: `There is no item ${JSON.stringify(itemId)}.`,
      });
    } else if (seen.has(itemId)) {
      errors.push({ pointer: `/levels/${index}/itemId`, detail: `Item ${itemId} is given twice.` });
    }
    seen.add(itemId);
    wanted.push({ itemId, quantity });
  });
  if (errors.length > 0) return invalid('No stock was set: some levels are not valid.', errors);
  const updatedAt = at(request.now);
  const data = wanted.map(({ itemId, quantity }) => {
    const item = request.store.items.find((candidate) => candidate.id === itemId);
    if (item !== undefined) Object.assign(item, { stock: quantity, updatedAt });
    request.changed({ type: 'item.updated', id: itemId, updatedAt });
    return { itemId, quantity, updatedAt };
  });
  return { status: 200, body: { data } };
}
