import type { Customer } from '../api-client.js';
import {
  type AddressForm,
  addressBody,
  addressToForm,
  errorTargetFor,
  textOrNull,
} from '../components/address-model.js';

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
export const profileErrorTarget = errorTargetFor(profileFieldId, profileFieldLabels);

export function profileToForm(customer: Customer): ProfileForm {
  return {
    name: customer.name,
    phone: customer.phone ?? '',
    addresses: customer.addresses.map(addressToForm),
  };
}

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
