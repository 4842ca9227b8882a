import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { credentialNames } from '../../../contracts/connections.js';
import { api, type Connection, type ConnectionType, type FieldError } from '../../api-client.js';
import { ErrorSummary, TextField } from '../../components/fields.js';
import { useFormErrors } from '../../components/form-errors.js';
import { usePageTitle } from '../../components/page-title.js';
import { ErrorMessage } from '../../components/status.js';
import { cartTypeLabels, cartTypes, connectionsKey } from './connection-model.js';
import { cartPagePath } from './connections-page.js';
import { CredentialFields, credentialFormFields, typedCredentials } from './credential-fields.js';
import { SettingsNav } from './settings-nav.js';
import './connections.css';

const PREFIX = 'new-cart';

const typeHints: Record<ConnectionType, string> = {
  woocommerce: 'WordPress with WooCommerce 3.5 or later (REST API v3).',
  prestashop: 'PrestaShop 1.7 or later, with its webservice turned on.',
  custom: 'Any cart that speaks the Tandem cart protocol (tandem-cart/1).',
  shopify: 'Tandem does not sync with Shopify stores yet: one can be added, but its test fails.',
};

const addressHints: Record<ConnectionType, string> = {
  woocommerce: 'The shop’s address, such as https://shop.example.com.',
  prestashop: 'The shop’s address, such as https://shop.example.com.',
  custom: 'Where the cart answers the protocol, such as https://cart.example.com/tandem.',
  shopify: 'The store’s address, such as https://example.myshopify.com.',
};

/** Settings → Shopping carts → Add cart: the type, a name, the address and that type's credentials. */
export function NewCartPage() {
  usePageTitle('Add cart');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [type, setType] = useState<ConnectionType>('woocommerce');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<FieldError[]>([]);

  const fields = useMemo(
    () => ({
      type: { id: `${PREFIX}-type-${type}`, label: 'Type' },
      name: { id: `${PREFIX}-name`, label: 'Name' },
      url: { id: `${PREFIX}-url`, label: 'Address' },
      ...credentialFormFields(PREFIX, type),
    }),
    [type],
  );
  const create = useMutation({
    mutationFn: () =>
      api<Connection>('POST', '/api/admin/connections', {
        type,
        name: name.trim(),
        url: url.trim(),
        credentials: typedCredentials(type, credentials),
      }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: connectionsKey });
      navigate(cartPagePath(created.id), { state: { created: true } });
    },
  });
  const errors = useFormErrors(create.error, local, fields);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.reset();
    const problems: FieldError[] = [];
    if (name.trim() === '') problems.push({ path: 'name', message: 'must not be empty' });
    if (url.trim() === '') problems.push({ path: 'url', message: 'must not be empty' });
    for (const credential of credentialNames[type].required) {
      if (!credentials[credential]?.trim()) {
        problems.push({ path: `credentials.${credential}`, message: 'must not be empty' });
      }
    }
    setLocal(problems);
    // Sent anyway: the answer names whatever else is wrong, so one try shows every problem.
    create.mutate();
  };

  const chooseType = (next: ConnectionType) => {
    setType(next);
    // Keys of one kind of cart mean nothing to another: start the credentials afresh.
    setCredentials({});
    setLocal([]);
    create.reset();
  };

  return (
    <section aria-labelledby="new-cart-title" className="stack">
      <SettingsNav />
      <p>
        <Link to="/admin/settings/carts" className="back-link">
          ← Back to shopping carts
        </Link>
      </p>
      <h1 id="new-cart-title">Add cart</h1>
      <form onSubmit={onSubmit} className="stack" noValidate>
        <ErrorSummary errors={errors.summary} />
        {create.isError && !errors.shownByField ? <ErrorMessage error={create.error} /> : null}
        <fieldset className="card stack-tight">
          <legend>Type of cart</legend>
          <div className="choices cart-types">
            {cartTypes.map((t) => (
              <div key={t} className="check">
                <input
                  type="radio"
                  id={`${PREFIX}-type-${t}`}
                  name={`${PREFIX}-type`}
                  value={t}
                  checked={type === t}
                  onChange={() => chooseType(t)}
                  aria-describedby={`${PREFIX}-type-${t}-hint`}
                />
                <label htmlFor={`${PREFIX}-type-${t}`}>{cartTypeLabels[t]}</label>
                <p className="hint" id={`${PREFIX}-type-${t}-hint`}>
                  {typeHints[t]}
                </p>
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset className="card stack-tight">
          <legend>The cart</legend>
          <TextField
            {...fields.name}
            value={name}
            onChange={setName}
            error={errors.byPath.name}
            hint="How staff know it, such as “Online shop”."
            input={{ maxLength: 100, autoComplete: 'off' }}
          />
          <TextField
            {...fields.url}
            value={url}
            onChange={setUrl}
            error={errors.byPath.url}
            hint={addressHints[type]}
            input={{ type: 'url', maxLength: 2000, autoComplete: 'off', spellCheck: false }}
          />
        </fieldset>
        <fieldset className="card stack-tight">
          <legend>{cartTypeLabels[type]} credentials</legend>
          <p className="hint">
            Kept sealed in Tandem and never shown again.
            {type === 'woocommerce'
              ? ' The webhook secret is needed only to receive WooCommerce webhooks.'
              : ''}
          </p>
          <CredentialFields
            prefix={PREFIX}
            type={type}
            values={credentials}
            onChange={(key, value) => setCredentials((c) => ({ ...c, [key]: value }))}
            errors={errors.byPath}
          />
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add cart'}
          </button>
          <p className="hint">It is added stopped: test the connection, then start auto-sync.</p>
        </div>
      </form>
    </section>
  );
}
