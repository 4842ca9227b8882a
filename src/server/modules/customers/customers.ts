import type { Address, Customer } from '../../../contracts/customers.js';
import type { customers } from './schema.js';

export const toCustomer = (r: typeof customers.$inferSelect): Customer => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  addresses: r.addresses as Address[],
  notes: r.notes,
  marketingConsent: r.marketingConsent,
  source: r.source,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** What a search term is compared with: phone numbers by their digits, the rest lower-cased. */
export function searchNeedle(q: string): string {
  const trimmed = q.trim();
  if (/^\+?[0-9 ()./-]+$/.test(trimmed) && /\d{3}/.test(trimmed.replace(/\D/g, ''))) {
    return trimmed.replace(/[^0-9+]/g, '');
  }
  return trimmed.toLowerCase();
}
