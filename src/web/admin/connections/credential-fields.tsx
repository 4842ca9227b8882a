import type { ConnectionType } from '../../api-client.js';
import { TextField } from '../../components/fields.js';
import { credentialLabels, credentialsOf } from './connection-model.js';

export const credentialFieldId = (prefix: string, name: string) => `${prefix}-credential-${name}`;

/** The form fields (by API path) of a type's credentials, for the error summary. */
export function credentialFormFields(prefix: string, type: ConnectionType) {
  return Object.fromEntries(
    credentialsOf(type).map(({ name }) => [
      `credentials.${name}`,
      { id: credentialFieldId(prefix, name), label: credentialLabels[name]?.label ?? name },
    ]),
  );
}

/**
 * A type of cart's credentials, as password fields that are never filled in from what is saved
 * (Tandem never sends them back). With `saved`, a blank field keeps the credential it has.
 */
export function CredentialFields({
  prefix,
  type,
  values,
  onChange,
  errors,
  saved,
}: {
  prefix: string;
  type: ConnectionType;
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  errors: Record<string, string>;
  /** The credentials set now, when changing a saved connection. */
  saved?: readonly string[];
}) {
  return (
    <>
      {credentialsOf(type).map(({ name, required }) => {
        const known = credentialLabels[name];
        const label = `${known?.label ?? name}${required ? '' : ' (optional)'}`;
        const state = saved
          ? saved.includes(name)
            ? 'Set: leave blank to keep it.'
            : 'Not set.'
          : undefined;
        return (
          <TextField
            key={name}
            id={credentialFieldId(prefix, name)}
            name={`${prefix}-${name}`}
            label={label}
            hint={[state, known?.hint].filter(Boolean).join(' ')}
            value={values[name] ?? ''}
            onChange={(value) => onChange(name, value)}
            error={errors[`credentials.${name}`]}
            input={{
              type: 'password',
              autoComplete: 'new-password',
              spellCheck: false,
              maxLength: 512,
            }}
          />
        );
      })}
    </>
  );
}

/** The credentials typed in, trimmed, leaving out blank ones. */
export function typedCredentials(
  type: ConnectionType,
  values: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name } of credentialsOf(type)) {
    const value = values[name]?.trim() ?? '';
    if (value !== '') out[name] = value;
  }
  return out;
}
