import { type Body, text } from './fields.js';
import { type Refusal, refuse } from './responses.js';
import type { GatewayStore, Transaction } from './store.js';
import { TOKEN_SHAPE, type VaultEntry } from './vault.js';

// The checks every gateway resource starts with, answered with the gateway's own refusals.

export function checkMerchant(store: GatewayStore, merchid: string): Refusal | undefined {
  return merchid === store.merchantId ? undefined : refuse(merchid, '21', 'Invalid merchant');
}

export function findByRetref(
  store: GatewayStore,
  body: Body,
): { txn: Transaction; merchid: string } | Refusal {
  const merchid = text(body, 'merchid') ?? '';
  const wrongMerchant = checkMerchant(store, merchid);
  if (wrongMerchant) return wrongMerchant;
  const txn = store.transactions.get(text(body, 'retref') ?? '');
  if (!txn || txn.merchid !== merchid) return refuse(merchid, '29', 'Txn not found');
  return { txn, merchid };
}

/** A token must be one CardSecure issued; a clear PAN is tokenized on the way in, as the gateway does. */
export function resolveAccount(store: GatewayStore, account: string, merchid: string): VaultEntry | Refusal {
  if (TOKEN_SHAPE.test(account)) {
    const entry = store.vault.lookup(account);
    if (!entry) return refuse(merchid, '98', 'Invalid token');
    return entry.brand ? entry : refuse(merchid, '11', 'Invalid card');
  }
  const tokenized = store.vault.tokenize(account.replace(/[\s-]/g, ''), {});
  if (!tokenized.ok || !tokenized.entry.brand) return refuse(merchid, '11', 'Invalid card');
  return tokenized.entry;
}
