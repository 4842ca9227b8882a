import { DomainError } from '../../platform/errors.js';
import { getItem, saleItems } from '../catalog/index.js';
import { getCustomer } from '../customers/index.js';
import { bindingsOfTandem, bindNew } from './bindings.js';
import {
  calling,
  type ManualDeps,
  openForWork,
  type RecordResult,
  report,
  type WorkReport,
} from './cart-work.js';
import { freeStock } from './push-changes.js';

export async function exportChosen(
  deps: ManualDeps,
  id: string,
  entity: 'items' | 'customers',
  input: { ids: string[]; dryRun?: boolean | undefined },
): Promise<WorkReport> {
  const { cart, currency } = await openForWork(deps, id);
  const ids = [...new Set(input.ids)];
  const bound = await bindingsOfTandem(deps.db, id, entity, ids);
  const results: RecordResult[] = [];
  const items = entity === 'items' ? await saleItems(deps.db, ids) : new Map();
  const free = entity === 'items' ? await freeStock(deps.db, ids) : new Map<string, number>();
  for (const tandemId of ids) {
    const binding = bound.get(tandemId);
    const result: RecordResult = {
      id: tandemId,
      tandemId,
      externalId: binding?.externalId ?? null,
      outcome: 'created',
      reason: null,
    };
    results.push(result);
    try {
      if (entity === 'items') {
        const item = items.get(tandemId);
        if (!item) throw new DomainError('not_found', 'not_found', 'There is no such item.');
        if (input.dryRun) {
          result.outcome = binding ? 'updated' : 'created';
          continue;
        }
        const full = await getItem(deps.db, tandemId);
        result.externalId = await calling(() =>
          cart.putItem({
            externalId: binding?.externalId,
            sku: full.sku,
            name: full.name,
            price: full.price,
            currency,
            stock: full.trackStock ? (free.get(tandemId) ?? 0) : null,
          }),
        );
      } else {
        const customer = await getCustomer(deps.db, tandemId);
        if (!customer.email)
          throw new DomainError(
            'invalid_input',
            'validation_failed',
            'A customer needs an email to be in a cart.',
          );
        if (input.dryRun) {
          result.outcome = binding ? 'updated' : 'created';
          continue;
        }
        result.externalId = await calling(() =>
          cart.putCustomer({
            externalId: binding?.externalId,
            email: customer.email!,
            name: customer.name,
            phone: customer.phone,
          }),
        );
      }
      result.outcome = binding ? 'updated' : 'created';
      if (!binding)
        await bindNew(deps.db, id, entity, [
          { externalId: result.externalId!, tandemId, externalUpdatedAt: null },
        ]);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      result.outcome = 'failed';
      result.reason = err.message;
    }
  }
  return report(input.dryRun ?? false, results);
}
