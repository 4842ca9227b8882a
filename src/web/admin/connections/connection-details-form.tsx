import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { api, type Connection, type FieldError, type UpdateConnection } from '../../api-client.js';
import { ErrorSummary, TextField } from '../../components/fields.js';
import { useFormErrors } from '../../components/form-errors.js';
import { ErrorMessage, StatusMessage } from '../../components/status.js';
import { connectionPath } from './connection-hooks.js';
import { cartTypeLabels, connectionKey, connectionsKey } from './connection-model.js';
import { CredentialFields, credentialFormFields, typedCredentials } from './credential-fields.js';

const PREFIX = 'cart-details';

/**
 * The cart's name, address and credentials. Credentials are never shown: a blank field keeps the
 * one saved. A new address or new credentials need a new test (a running sync stops until then).
 */
export function ConnectionDetailsForm({ connection: c }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(c.name);
  const [url, setUrl] = useState(c.url);
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<FieldError[]>([]);
  const [status, setStatus] = useState('');
  const fields = useMemo(
    () => ({
      name: { id: `${PREFIX}-name`, label: 'Name' },
      url: { id: `${PREFIX}-url`, label: 'Address' },
      ...credentialFormFields(PREFIX, c.type),
    }),
    [c.type],
  );
  const save = useMutation({
    mutationFn: (body: UpdateConnection) => api<Connection>('PATCH', connectionPath(c.id), body),
    onSuccess: (next, body) => {
      queryClient.setQueryData(connectionKey(next.id), next);
      setCredentials({});
      setName(next.name);
      setUrl(next.url);
      setStatus(
        body.url !== undefined || body.credentials !== undefined
          ? 'Saved. Test the connection again: auto-sync runs only after a test with these.'
          : 'Saved.',
      );
      return queryClient.invalidateQueries({ queryKey: connectionsKey });
    },
  });
  const errors = useFormErrors(save.error, local, fields);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    save.reset();
    const problems: FieldError[] = [];
    if (name.trim() === '') problems.push({ path: 'name', message: 'must not be empty' });
    if (url.trim() === '') problems.push({ path: 'url', message: 'must not be empty' });
    setLocal(problems);
    if (problems.length > 0) return;
    const body: UpdateConnection = {};
    if (name.trim() !== c.name) body.name = name.trim();
    if (url.trim() !== c.url) body.url = url.trim();
    const typed = typedCredentials(c.type, credentials);
    if (Object.keys(typed).length > 0) body.credentials = typed;
    if (Object.keys(body).length === 0) {
      setStatus('Nothing has changed.');
      return;
    }
    save.mutate(body);
  };

  return (
    <form onSubmit={onSubmit} className="card stack-tight" noValidate aria-labelledby={`${PREFIX}-title`}>
      <h2 id={`${PREFIX}-title`}>Address and credentials</h2>
      <ErrorSummary errors={errors.summary} />
      {save.isError && !errors.shownByField ? <ErrorMessage error={save.error} /> : null}
      <div className="field-row">
        <TextField
          {...fields.name}
          className="grow"
          value={name}
          onChange={setName}
          error={errors.byPath.name}
          input={{ maxLength: 100, autoComplete: 'off' }}
        />
        <TextField
          {...fields.url}
          className="grow"
          value={url}
          onChange={setUrl}
          error={errors.byPath.url}
          input={{ type: 'url', maxLength: 2000, autoComplete: 'off', spellCheck: false }}
        />
      </div>
      <p className="hint">
        {cartTypeLabels[c.type]} credentials are kept sealed and never shown. Type only those to change.
      </p>
      <CredentialFields
        prefix={PREFIX}
        type={c.type}
        values={credentials}
        onChange={(key, value) => setCredentials((v) => ({ ...v, [key]: value }))}
        errors={errors.byPath}
        saved={c.credentialsSet}
      />
      <div className="form-actions">
        <button type="submit" className="button button-secondary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save address and credentials'}
        </button>
        <StatusMessage tone={status === 'Nothing has changed.' ? 'info' : 'success'}>{status}</StatusMessage>
      </div>
    </form>
  );
}
