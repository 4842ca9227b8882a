import { TextField } from '../components/fields.js';
import { type AddressField, type AddressForm, addressFieldLabels, profileFieldId } from './profile-model.js';

/** One address of the signed-in customer, with a button to remove it. */
export function AddressFields({
  index,
  address,
  errorOf,
  onChange,
  onRemove,
}: {
  index: number;
  address: AddressForm;
  errorOf: (path: string) => string | undefined;
  onChange: (field: AddressField, value: string) => void;
  onRemove: () => void;
}) {
  // Tells the browser's autofill which address each field belongs to.
  const section = `section-address${index + 1}`;
  const field = (name: AddressField) => {
    const path = `addresses.${index}.${name}`;
    return {
      id: profileFieldId(path),
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
      <TextField {...field('line1')} input={{ maxLength: 200, autoComplete: `${section} address-line1` }} />
      <TextField
        {...field('line2')}
        label="Address line 2 (optional)"
        input={{ maxLength: 200, autoComplete: `${section} address-line2` }}
      />
      <div className="field-row">
        <TextField
          {...field('city')}
          input={{ maxLength: 100, className: 'input-medium', autoComplete: `${section} address-level2` }}
        />
        <TextField
          {...field('region')}
          label="Region (optional)"
          input={{ maxLength: 100, className: 'input-medium', autoComplete: `${section} address-level1` }}
        />
        <TextField
          {...field('postalCode')}
          input={{ maxLength: 20, className: 'input-short', autoComplete: `${section} postal-code` }}
        />
        <TextField
          {...field('country')}
          label="Country (2 letters)"
          input={{
            maxLength: 2,
            className: 'input-tiny',
            autoCapitalize: 'characters',
            spellCheck: false,
            autoComplete: `${section} country`,
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
