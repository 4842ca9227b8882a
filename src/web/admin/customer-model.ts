import type { Customer, FieldError } from '../api-client.js';

export const sourceLabels: Record<Customer['source'], string> = {
  back_office: 'Added in the back office',
  register: 'Added at the register',
  shop: 'Signed up in the online shop',
  cart: 'Imported from a connected cart',
};

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

export interface CustomerForm {
  name: string;
  email: string;
  phone: string;
  notes: string;
  marketingConsent: boolean;
  addresses: AddressForm[];
}

export const customerFieldLabels: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  notes: 'Notes',
  marketingConsent: 'Agrees to receive marketing emails',
  addresses: 'Addresses',
};

export const addressFieldLabels: Record<AddressField, string> = {
  label: 'Label',
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  region: 'Region',
  postalCode: 'Postal code',
  country: 'Country',
};

export const customerFieldId = (path: string) => `customer-${path.replace(/\./g, '-')}`;

/** The field a problem belongs to and how the summary names it: "Address 2 — City". */
export function customerErrorTarget(path: string): { fieldId: string | null; label: string } {
  const address = /^addresses\.(\d+)\.(\w+)$/.exec(path);
  if (address) {
    const field = address[2] as AddressField;
    const label = addressFieldLabels[field];
    return {
      fieldId: label ? customerFieldId(path) : null,
      label: `Address ${Number(address[1]) + 1} — ${label ?? field}`,
    };
  }
  const label = customerFieldLabels[path];
  return label ? { fieldId: customerFieldId(path), label } : { fieldId: null, label: path };
}

let nextKey = 1;

export function emptyAddress(): AddressForm {
  return {
    key: nextKey++,
    label: '',
    line1: '',
    line2: '',
    city: '',
    region: '',
    postalCode: '',
    country: '',
  };
}

export const emptyCustomerForm = (): CustomerForm => ({
  name: '',
  email: '',
  phone: '',
  notes: '',
  marketingConsent: false,
  addresses: [],
});

export function customerToForm(customer: Customer): CustomerForm {
  return {
    name: customer.name,
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    notes: customer.notes ?? '',
    marketingConsent: customer.marketingConsent,
    addresses: customer.addresses.map((a) => ({
      key: nextKey++,
      label: a.label ?? '',
      line1: a.line1,
      line2: a.line2 ?? '',
      city: a.city,
      region: a.region ?? '',
      postalCode: a.postalCode,
      country: a.country,
    })),
  };
}

const textOrNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** Every field as the API takes it: empty optional text is null. */
export function customerBody(form: CustomerForm) {
  return {
    name: form.name.trim(),
    email: textOrNull(form.email),
    phone: textOrNull(form.phone),
    notes: textOrNull(form.notes),
    marketingConsent: form.marketingConsent,
    addresses: form.addresses.map((a) => ({
      label: textOrNull(a.label),
      line1: a.line1.trim(),
      line2: textOrNull(a.line2),
      city: a.city.trim(),
      region: textOrNull(a.region),
      postalCode: a.postalCode.trim(),
      country: a.country.trim().toUpperCase(),
    })),
  };
}

/** Only what differs from the saved customer. */
export function customerPatch(form: CustomerForm, saved: Customer): Record<string, unknown> {
  const body = customerBody(form);
  // Compared field by field in one order: the database need not keep the order of keys.
  const before: Record<string, unknown> = {
    ...saved,
    addresses: saved.addresses.map((a) => ({
      label: a.label,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      region: a.region,
      postalCode: a.postalCode,
      country: a.country,
    })),
  };
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (JSON.stringify(value) !== JSON.stringify(before[key])) patch[key] = value;
  }
  return patch;
}

/** An email that another customer has is refused as a conflict; it belongs by the email field. */
export const emailTaken: FieldError = { path: 'email', message: 'another customer already has this email' };
