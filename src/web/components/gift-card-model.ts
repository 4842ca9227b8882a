import type { GiftCard, LedgerEntry } from '../api-client.js';

export const giftCardStatusLabels: Record<GiftCard['status'], string> = {
  pending: 'Not yet active',
  active: 'Active',
  disabled: 'Disabled',
  expired: 'Expired',
};

export const giftCardStatusBadge: Record<GiftCard['status'], string> = {
  pending: 'badge-queued',
  active: 'badge-ok',
  disabled: 'badge-bad',
  expired: 'badge-archived',
};

export const giftCardKindLabels: Record<GiftCard['kind'], string> = {
  virtual: 'Virtual (emailed)',
  physical: 'Physical',
};

export const ledgerKindLabels: Record<LedgerEntry['kind'], string> = {
  issue: 'Issued',
  reload: 'Reloaded',
  redeem: 'Spent',
  refund: 'Refunded onto the card',
  adjust: 'Adjusted',
  void: 'Voided',
  expire: 'Expired',
  import: 'Imported',
};

/** "6061 2345 6789 0123": a code as printed. */
export const groupedCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1 ');
