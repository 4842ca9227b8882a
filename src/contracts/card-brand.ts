/** The gateway's brand codes as merchants and shoppers write them, the same on screens, receipts and emails. */
const brandNames: Record<string, string> = {
  VISA: 'Visa',
  MC: 'Mastercard',
  MASTERCARD: 'Mastercard',
  AMEX: 'American Express',
  DISC: 'Discover',
  DISCOVER: 'Discover',
  DINERS: 'Diners Club',
  JCB: 'JCB',
};

export const brandName = (brand: string | null | undefined): string =>
  brand ? (brandNames[brand.toUpperCase()] ?? 'Card') : 'Card';

/** "Visa •••• 1111": all that is ever shown of a card. */
export const maskedCard = (brand: string | null | undefined, last4: string | null | undefined): string =>
  `${brandName(brand)} •••• ${last4 ?? '????'}`;
