import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, type ApiToken, api, type CreatedApiToken, type Role } from '../api-client.js';
import { formatDateTime, roleLabel } from '../components/format.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { NewTokenBox } from './new-token-box.js';

const tokensKey = ['api-tokens'] as const;

export function ApiTokensPage() {
  usePageTitle('API tokens');
  const tokens = useQuery({
    queryKey: tokensKey,
    queryFn: () => api<{ data: ApiToken[] }>('GET', '/api/admin/api-tokens'),
  });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [status, setStatus] = useState('');

  return (
    <section aria-labelledby="tokens-title" className="stack">
      <div>
        <h1 id="tokens-title">API tokens</h1>
        <p className="muted">
          Tokens let other programs use the Tandem API with <code>Authorization: Bearer …</code>, acting with
          the role you give them.
        </p>
      </div>
      {created ? <NewTokenBox token={created} onDone={() => setCreated(null)} /> : null}
      <CreateTokenForm
        onCreated={(token) => {
          setStatus('');
          setCreated(token);
        }}
      />
      <StatusMessage>{status}</StatusMessage>
      {tokens.isPending ? <Loading what="API tokens" /> : null}
      {tokens.isError ? <ErrorMessage error={tokens.error} /> : null}
      {tokens.data && tokens.data.data.length === 0 ? <p className="empty">No API tokens yet.</p> : null}
      {tokens.data && tokens.data.data.length > 0 ? (
        <table className="table responsive-table">
          <caption className="visually-hidden">API tokens in use</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Ends with</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.data.map((token) => (
              <TokenRow
                key={token.id}
                token={token}
                onRevoked={() => setStatus(`Token “${token.name}” revoked.`)}
              />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('manager');
  const create = useMutation({
    mutationFn: () => api<CreatedApiToken>('POST', '/api/admin/api-tokens', { name: name.trim(), role }),
    onSuccess: (token) => {
      setName('');
      onCreated(token);
      return queryClient.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const nameError =
    create.error instanceof ApiError ? create.error.errors.find((e) => e.path === 'name') : null;

  return (
    <form onSubmit={onSubmit} className="card stack-tight" aria-labelledby="create-token-title">
      <h2 id="create-token-title">Create a token</h2>
      <div className="inline-form">
        <div className="field grow">
          <label htmlFor="token-name">Name</label>
          <input
            id="token-name"
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameError ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="token-role">Role</label>
          <select id="token-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {(Object.keys(roleLabel) as Role[]).map((r) => (
              <option key={r} value={r}>
                {roleLabel[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
      </div>
      {create.isError ? <ErrorMessage error={create.error} /> : null}
    </form>
  );
}

function TokenRow({ token, onRevoked }: { token: ApiToken; onRevoked: () => void }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const revoke = useMutation({
    mutationFn: () => api<void>('DELETE', `/api/admin/api-tokens/${encodeURIComponent(token.id)}`),
    onSuccess: () => {
      onRevoked();
      return queryClient.invalidateQueries({ queryKey: tokensKey });
    },
  });

  // Focus follows the question: onto "Yes, revoke" when asked, back to "Revoke" when cancelled.
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) revokeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const cancel = () => {
    setConfirming(false);
    revoke.reset();
  };

  return (
    <tr>
      <td data-label="Name">{token.name}</td>
      <td data-label="Role">
        {roleLabel[token.role]}
        {token.actsAs === null ? (
          <span className="row-meta"> · refused: its creator is deactivated</span>
        ) : token.actsAs !== token.role ? (
          <span className="row-meta">
            {' '}
            · acts as {roleLabel[token.actsAs].toLowerCase()}, its creator’s role now
          </span>
        ) : null}
      </td>
      <td data-label="Ends with">
        <code>…{token.lastFour}</code>
      </td>
      <td data-label="Created">
        <time dateTime={token.createdAt}>{formatDateTime(token.createdAt)}</time>
      </td>
      <td data-label="Last used">
        {token.lastUsedAt ? (
          <time dateTime={token.lastUsedAt}>{formatDateTime(token.lastUsedAt)}</time>
        ) : (
          'Never'
        )}
      </td>
      <td className="actions">
        {confirming ? (
          <div className="confirm">
            <span id={`revoke-${token.id}-question`}>
              Revoke “{token.name}”? Programs using it stop working at once.
            </span>
            <button
              ref={confirmRef}
              type="button"
              className="button button-danger"
              aria-describedby={`revoke-${token.id}-question`}
              onClick={() => revoke.mutate()}
              disabled={revoke.isPending}
            >
              {revoke.isPending ? 'Revoking…' : 'Yes, revoke'}
            </button>
            <button type="button" className="button button-secondary" onClick={cancel}>
              Cancel
            </button>
            {revoke.isError ? <ErrorMessage error={revoke.error} /> : null}
          </div>
        ) : (
          <button
            ref={revokeRef}
            type="button"
            className="button button-secondary"
            onClick={() => setConfirming(true)}
            aria-label={`Revoke token ${token.name}`}
          >
            Revoke
          </button>
        )}
      </td>
    </tr>
  );
}
