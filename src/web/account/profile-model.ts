import type { AddressField, AddressForm } from '../admin/customer-model.js';
import { addressFieldLabels, emptyAddress } from '../admin/customer-model.js';
import type { Customer } from '../api-client.js';

export type { AddressField, AddressForm };
export { addressFieldLabels, emptyAddress };

/** What a customer may change about themselves; the email is their sign-in and stays. */
export interface ProfileForm {
  name: string;
  phone: string;
  addresses: AddressForm[];
}

export const profileFieldLabels: Record<string, string> = {
  name: 'Name',
  phone: 'Phone',
  addresses: 'Addresses',
};

export const profileFieldId = (path: string) => `profile-${path.replace(/\./g, '-')}`;

/** The field a problem belongs to and how the summary names it: "Address 2 — City". */
export function profileErrorTarget(path: string): { fieldId: string | null; label: string } {
  const address = /^addresses\.(\d+)\.(\w+)$/.exec(path);
  if (address) {
    const label = addressFieldLabels[address[2] as AddressField];
    return {
      fieldId: label ? profileFieldId(path) : null,
      label: `Address ${Number(address[1]) + 1} — ${label ?? address[2]}`,
    };
  }
  const label = profileFieldLabels[path];
  return label ? { fieldId: profileFieldId(path), label } : { fieldId: null, label: path };
}

export function profileToForm(customer: Customer): ProfileForm {
  return {
    name: customer.name,
    phone: customer.phone ?? '',
    addresses: customer.addresses.map((a) => ({
      ...emptyAddress(),
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

const addressBody = (a: Omit<AddressForm, 'key'> | Customer['addresses'][number]) => ({
  label: textOrNull(a.label ?? ''),
  line1: a.line1.trim(),
  line2: textOrNull(a.line2 ?? ''),
  city: a.city.trim(),
  region: textOrNull(a.region ?? ''),
  postalCode: a.postalCode.trim(),
  country: a.country.trim().toUpperCase(),
});

/** Only what differs from the saved profile, as the API takes it. */
export function profilePatch(form: ProfileForm, saved: Customer): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const name = form.name.trim();
  if (name !== saved.name) patch.name = name;
  const phone = textOrNull(form.phone);
  if (phone !== saved.phone) patch.phone = phone;
  const addresses = form.addresses.map(addressBody);
  // Compared field by field in one order: the database need not keep the order of keys.
  if (JSON.stringify(addresses) !== JSON.stringify(saved.addresses.map(addressBody))) {
    patch.addresses = addresses;
  }
  return patch;
}
