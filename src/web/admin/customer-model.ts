import type { Customer, FieldError } from '../api-client.js';
import {
  type AddressForm,
  addressBody,
  addressToForm,
  errorTargetFor,
  textOrNull,
} from '../components/address-model.js';

export const sourceLabels: Record<Customer['source'], string> = {
  back_office: 'Added in the back office',
  register: 'Added at the register',
  shop: 'Signed up in the online shop',
  cart: 'Imported from a connected cart',
};

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

export const customerFieldId = (path: string) => `customer-${path.replace(/\./g, '-')}`;

/** The field a problem belongs to and how the summary names it: "Address 2 — City". */
export const customerErrorTarget = errorTargetFor(customerFieldId, customerFieldLabels);

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
    addresses: customer.addresses.map(addressToForm),
  };
}

/** Every field as the API takes it: empty optional text is null. */
export function customerBody(form: CustomerForm) {
  return {
    name: form.name.trim(),
    email: textOrNull(form.email),
    phone: textOrNull(form.phone),
    notes: textOrNull(form.notes),
    marketingConsent: form.marketingConsent,
    addresses: form.addresses.map(addressBody),
  };
}

/** Only what differs from the saved customer. */
export function customerPatch(form: CustomerForm, saved: Customer): Record<string, unknown> {
  const body = customerBody(form);
  // Compared field by field in one order: the database need not keep the order of keys.
  const before: Record<string, unknown> = {
    ...saved,
    addresses: saved.addresses.map(addressBody),
  };
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (JSON.stringify(value) !== JSON.stringify(before[key])) patch[key] = value;
  }
  return patch;
}

/** An email that another customer has is refused as a conflict; it belongs by the email field. */
export const emailTaken: FieldError = { path: 'email', message: 'another customer already has this email' };
