import { useEffect, useRef, useState } from 'react';
import { type AddressField, type AddressForm, addressFieldLabels, emptyAddress } from './address-model.js';
import { TextField } from './fields.js';

const MAX_ADDRESSES = 10;

/**
 * The addresses of a customer, each with its fields and a button to remove it, and one to add
 * another. `autofill` offers the browser's saved addresses: right for a customer's own profile,
 * wrong when staff type in someone else's.
 */
export function AddressList({
  addresses,
  onChange,
  onRemoved,
  errorOf,
  fieldId,
  autofill,
}: {
  addresses: AddressForm[];
  onChange: (addresses: AddressForm[]) => void;
  /** After a removal: problems reported for addresses are by position and no longer point right. */
  onRemoved: () => void;
  errorOf: (path: string) => string | undefined;
  fieldId: (path: string) => string;
  autofill: boolean;
}) {
  const [announcement, setAnnouncement] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAddress = useRef<number | null>(null);

  // A new address: start typing in it. Moving focus after the render that shows it.
  useEffect(() => {
    if (focusAddress.current === null) return;
    document.getElementById(fieldId(`addresses.${focusAddress.current}.line1`))?.focus();
    focusAddress.current = null;
  });

  const add = () => {
    focusAddress.current = addresses.length;
    onChange([...addresses, emptyAddress()]);
    setAnnouncement('');
  };
  const remove = (index: number) => {
    onChange(addresses.filter((_, i) => i !== index));
    onRemoved();
    setAnnouncement(`Address ${index + 1} removed.`);
    addButton.current?.focus();
  };

  return (
    <fieldset className="card">
      <legend>Addresses</legend>
      {errorOf('addresses') ? (
        <p className="field-error" id={fieldId('addresses')}>
          {errorOf('addresses')}
        </p>
      ) : null}
      {addresses.length === 0 ? <p className="muted">No addresses yet.</p> : null}
      {addresses.map((address, i) => (
        <AddressFields
          key={address.key}
          index={i}
          address={address}
          errorOf={errorOf}
          fieldId={fieldId}
          autofill={autofill}
          onChange={(field, value) =>
            onChange(addresses.map((a, j) => (j === i ? { ...a, [field]: value } : a)))
          }
          onRemove={() => remove(i)}
        />
      ))}
      <div>
        <button
          ref={addButton}
          type="button"
          className="button button-secondary"
          onClick={add}
          disabled={addresses.length >= MAX_ADDRESSES}
        >
          Add an address
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </fieldset>
  );
}

function AddressFields({
  index,
  address,
  errorOf,
  fieldId,
  autofill,
  onChange,
  onRemove,
}: {
  index: number;
  address: AddressForm;
  errorOf: (path: string) => string | undefined;
  fieldId: (path: string) => string;
  autofill: boolean;
  onChange: (field: AddressField, value: string) => void;
  onRemove: () => void;
}) {
  // Tells the browser's autofill which address each field belongs to.
  const section = `section-address${index + 1}`;
  const autoComplete = (token: string) => (autofill ? `${section} ${token}` : 'off');
  const field = (name: AddressField) => {
    const path = `addresses.${index}.${name}`;
    return {
      id: fieldId(path),
      label: addressFieldLabels[name],
      value: address[name],
      error: errorOf(path),
      onChange: (value: string) => onChange(name, value),
    };
  };
  return (
    <fieldset className="address">
      <legend>
        Address {index + 1}
        {address.label.trim() ? <span className="muted"> · {address.label.trim()}</span> : null}
      </legend>
      <TextField
        {...field('label')}
        label="Label (optional)"
        hint="Such as Home or Work."
        input={{ maxLength: 60, className: 'input-medium' }}
      />
      <TextField
        {...field('line1')}
        input={{ maxLength: 200, autoComplete: autoComplete('address-line1') }}
      />
      <TextField
        {...field('line2')}
        label="Address line 2 (optional)"
        input={{ maxLength: 200, autoComplete: autoComplete('address-line2') }}
      />
      <div className="field-row">
        <TextField
          {...field('city')}
          input={{ maxLength: 100, className: 'input-medium', autoComplete: autoComplete('address-level2') }}
        />
        <TextField
          {...field('region')}
          label="Region (optional)"
          input={{ maxLength: 100, className: 'input-medium', autoComplete: autoComplete('address-level1') }}
        />
        <TextField
          {...field('postalCode')}
          input={{ maxLength: 20, className: 'input-short', autoComplete: autoComplete('postal-code') }}
        />
        <TextField
          {...field('country')}
          label="Country (2 letters)"
          input={{
            maxLength: 2,
            className: 'input-tiny',
            autoCapitalize: 'characters',
            spellCheck: false,
            autoComplete: autoComplete('country'),
          }}
        />
      </div>
      <div>
        <button
          type="button"
          className="button button-quiet"
          onClick={onRemove}
          aria-label={`Remove address ${index + 1}`}
        >
          Remove address
        </button>
      </div>
    </fieldset>
  );
}
