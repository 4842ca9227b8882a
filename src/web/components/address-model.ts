import type { Address } from '../api-client.js';

/** Addresses print the same way here and in the emails the server sends. */
export { addressLines, countryName, formatAddress } from '../../contracts/address-format.js';

/** An address as its form holds it: every field text, empty when not given. */
export interface AddressForm {
  /** Only for React to tell rows apart. */
  key: number;
  label: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}
export type AddressField = Exclude<keyof AddressForm, 'key'>;

export const addressFieldLabels: Record<AddressField, string> = {
  label: 'Label',
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  region: 'Region',
  postalCode: 'Postal code',
  country: 'Country',
};

let nextKey = 1;

export const emptyAddress = (): AddressForm => ({
  key: nextKey++,
  label: '',
  line1: '',
  line2: '',
  city: '',
  region: '',
  postalCode: '',
  country: '',
});

export const addressToForm = (a: Address): AddressForm => ({
  key: nextKey++,
  label: a.label ?? '',
  line1: a.line1,
  line2: a.line2 ?? '',
  city: a.city,
  region: a.region ?? '',
  postalCode: a.postalCode,
  country: a.country,
});

export const textOrNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** An address as the API takes it, keys in one order: empty optional text is null. */
export const addressBody = (a: AddressForm | Address) => ({
  label: textOrNull(a.label ?? ''),
  line1: a.line1.trim(),
  line2: textOrNull(a.line2 ?? ''),
  city: a.city.trim(),
  region: textOrNull(a.region ?? ''),
  postalCode: a.postalCode.trim(),
  country: a.country.trim().toUpperCase(),
});

/**
 * For a form with addresses: the field a problem belongs to and how the error summary names it
 * ("Address 2 — City").
 */
export function errorTargetFor(fieldId: (path: string) => string, labels: Record<string, string>) {
  return (path: string): { fieldId: string | null; label: string } => {
    const address = /^addresses\.(\d+)\.(\w+)$/.exec(path);
    if (address) {
      const label = addressFieldLabels[address[2] as AddressField];
      return {
        fieldId: label ? fieldId(path) : null,
        label: `Address ${Number(address[1]) + 1} — ${label ?? address[2]}`,
      };
    }
    const label = labels[path];
    return label ? { fieldId: fieldId(path), label } : { fieldId: null, label: path };
  };
}
