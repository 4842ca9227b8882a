import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, api, type Customer, type FieldError } from '../api-client.js';
import {
  CheckField,
  ErrorSummary,
  type SummaryError,
  TextAreaField,
  TextField,
} from '../components/fields.js';
import { formatDateTime } from '../components/format.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import {
  type AddressField,
  type AddressForm,
  addressFieldLabels,
  type CustomerForm,
  customerBody,
  customerErrorTarget,
  customerFieldId,
  customerFieldLabels,
  customerPatch,
  customerToForm,
  emailTaken,
  emptyAddress,
  emptyCustomerForm,
  sourceLabels,
} from './customer-model.js';
import { customersKey } from './customers-page.js';

const customerKey = (id: string) => ['customer', id] as const;

function BackToCustomers() {
  return (
    <p>
      <Link to="/admin/customers" className="back-link">
        ← Back to customers
      </Link>
    </p>
  );
}

export function NewCustomerPage() {
  usePageTitle('New customer');
  return (
    <section aria-labelledby="customer-title" className="stack">
      <BackToCustomers />
      <h1 id="customer-title">New customer</h1>
      <CustomerEditor saved={null} />
    </section>
  );
}

export function CustomerPage() {
  const { customerId = '' } = useParams();
  const location = useLocation();
  const customer = useQuery({
    queryKey: customerKey(customerId),
    queryFn: () => api<Customer>('GET', `/api/admin/customers/${encodeURIComponent(customerId)}`),
  });
  usePageTitle(customer.data ? customer.data.name : 'Customer');
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;

  return (
    <section aria-labelledby="customer-title" className="stack">
      <BackToCustomers />
      {customer.isPending ? <Loading what="the customer" /> : null}
      {customer.isError ? (
        <>
          <h1 id="customer-title">Customer</h1>
          <ErrorMessage error={customer.error} />
        </>
      ) : null}
      {customer.data ? (
        <>
          <div>
            <h1 id="customer-title">{customer.data.name}</h1>
            <p className="title-meta muted">
              <span>
                {sourceLabels[customer.data.source]} on{' '}
                <time dateTime={customer.data.createdAt}>{formatDateTime(customer.data.createdAt)}</time>
              </span>
            </p>
          </div>
          <StatusMessage>{justCreated ? 'Customer added.' : ''}</StatusMessage>
          <CustomerEditor key={customer.data.id} saved={customer.data} />
        </>
      ) : null}
    </section>
  );
}

function CustomerEditor({ saved }: { saved: Customer | null }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState<CustomerForm>(() => (saved ? customerToForm(saved) : emptyCustomerForm()));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAddress = useRef<number | null>(null);

  const save = useMutation({
    mutationFn: (body: object) =>
      saved
        ? api<Customer>('PATCH', `/api/admin/customers/${encodeURIComponent(saved.id)}`, body)
        : api<Customer>('POST', '/api/admin/customers', body),
    onSuccess: (customer) => {
      queryClient.setQueryData(customerKey(customer.id), customer);
      void queryClient.invalidateQueries({ queryKey: customersKey });
      if (!saved) {
        navigate(`/admin/customers/${encodeURIComponent(customer.id)}`, {
          replace: true,
          state: { created: true },
        });
        return;
      }
      setForm(customerToForm(customer));
      setStatus('Customer saved');
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'validation_failed' && err.errors.length > 0) {
        setErrors(err.errors);
      } else if (err instanceof ApiError && err.code === 'conflict') {
        setErrors([emailTaken]);
      }
    },
  });

  // A new address: start typing in it. Moving focus after the render that shows it.
  useEffect(() => {
    if (focusAddress.current === null) return;
    document.getElementById(customerFieldId(`addresses.${focusAddress.current}.line1`))?.focus();
    focusAddress.current = null;
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    setErrors([]);
    save.reset();
    if (saved) {
      const patch = customerPatch(form, saved);
      if (Object.keys(patch).length === 0) {
        setStatus('Nothing has changed');
        return;
      }
      save.mutate(patch);
    } else {
      save.mutate(customerBody(form));
    }
  };

  const byPath: Record<string, string> = {};
  for (const e of errors) byPath[e.path] ??= e.message;
  const errorOf = (path: string) => byPath[path];
  // Kept stable between renders: a new summary takes focus.
  const summary = useMemo<SummaryError[]>(
    () => errors.map((e) => ({ ...customerErrorTarget(e.path), message: e.message })),
    [errors],
  );
  const handled =
    save.error instanceof ApiError &&
    (save.error.code === 'validation_failed' || save.error.code === 'conflict');

  const text = (key: 'name' | 'email' | 'phone') => ({
    id: customerFieldId(key),
    label: customerFieldLabels[key],
    value: form[key],
    error: errorOf(key),
    onChange: (value: string) => setForm((f) => ({ ...f, [key]: value })),
  });

  const setAddress = (index: number, field: AddressField, value: string) =>
    setForm((f) => ({
      ...f,
      addresses: f.addresses.map((a, i) => (i === index ? { ...a, [field]: value } : a)),
    }));
  const addAddress = () => {
    focusAddress.current = form.addresses.length;
    setForm((f) => ({ ...f, addresses: [...f.addresses, emptyAddress()] }));
    setAnnouncement('');
  };
  const removeAddress = (index: number) => {
    setForm((f) => ({ ...f, addresses: f.addresses.filter((_, i) => i !== index) }));
    // Problems reported for addresses are by position: after a removal they no longer point right.
    setErrors((list) => list.filter((e) => !e.path.startsWith('addresses.')));
    setAnnouncement(`Address ${index + 1} removed.`);
    addButton.current?.focus();
  };

  return (
    <form onSubmit={onSubmit} className="stack customer-form" noValidate aria-label="Customer details">
      <ErrorSummary errors={summary} />
      {save.isError && !handled ? <ErrorMessage error={save.error} /> : null}

      <fieldset className="card">
        <legend>Customer</legend>
        <TextField {...text('name')} input={{ maxLength: 200, autoComplete: 'off' }} />
        <div className="field-row">
          <TextField
            {...text('email')}
            label="Email (optional)"
            hint="No two customers share one."
            className="grow"
            input={{ type: 'email', maxLength: 320, autoComplete: 'off', spellCheck: false }}
          />
          <TextField
            {...text('phone')}
            label="Phone (optional)"
            hint="Such as +1 555 0100 1234."
            className="grow"
            input={{ type: 'tel', maxLength: 30, autoComplete: 'off' }}
          />
        </div>
        <CheckField
          id={customerFieldId('marketingConsent')}
          label={customerFieldLabels.marketingConsent}
          hint="Only with the customer’s say-so."
          checked={form.marketingConsent}
          onChange={(checked) => setForm((f) => ({ ...f, marketingConsent: checked }))}
          error={errorOf('marketingConsent')}
        />
        <TextAreaField
          id={customerFieldId('notes')}
          label={customerFieldLabels.notes}
          hint="For staff only; the customer never sees them."
          value={form.notes}
          onChange={(value) => setForm((f) => ({ ...f, notes: value }))}
          error={errorOf('notes')}
          textarea={{ maxLength: 5000, rows: 3 }}
        />
      </fieldset>

      <fieldset className="card">
        <legend>Addresses</legend>
        {errorOf('addresses') ? (
          <p className="field-error" id={customerFieldId('addresses')}>
            {errorOf('addresses')}
          </p>
        ) : null}
        {form.addresses.length === 0 ? <p className="muted">No addresses yet.</p> : null}
        {form.addresses.map((address, i) => (
          <AddressFields
            key={address.key}
            index={i}
            address={address}
            errorOf={errorOf}
            onChange={(field, value) => setAddress(i, field, value)}
            onRemove={() => removeAddress(i)}
          />
        ))}
        <div>
          <button
            ref={addButton}
            type="button"
            className="button button-secondary"
            onClick={addAddress}
            disabled={form.addresses.length >= 10}
          >
            Add an address
          </button>
        </div>
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : saved ? 'Save customer' : 'Add customer'}
        </button>
        <StatusMessage tone={status === 'Customer saved' ? 'success' : 'info'}>{status}</StatusMessage>
      </div>
    </form>
  );
}

function AddressFields({
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
  const field = (name: AddressField) => {
    const path = `addresses.${index}.${name}`;
    return {
      id: customerFieldId(path),
      label: addressFieldLabels[name],
      value: address[name],
      error: errorOf(path),
      onChange: (value: string) => onChange(name, value),
    };
  };
  const title = `Address ${index + 1}`;
  return (
    <fieldset className="address">
      <legend>
        {title}
        {address.label.trim() ? <span className="muted"> · {address.label.trim()}</span> : null}
      </legend>
      <TextField
        {...field('label')}
        label="Label (optional)"
        hint="Such as Home or Work."
        input={{ maxLength: 60, className: 'input-medium' }}
      />
      <TextField {...field('line1')} className="grow" input={{ maxLength: 200, autoComplete: 'off' }} />
      <TextField
        {...field('line2')}
        label="Address line 2 (optional)"
        className="grow"
        input={{ maxLength: 200, autoComplete: 'off' }}
      />
      <div className="field-row">
        <TextField {...field('city')} input={{ maxLength: 100, className: 'input-medium' }} />
        <TextField
          {...field('region')}
          label="Region (optional)"
          input={{ maxLength: 100, className: 'input-medium' }}
        />
        <TextField {...field('postalCode')} input={{ maxLength: 20, className: 'input-short' }} />
        <TextField
          {...field('country')}
          label="Country (2 letters)"
          input={{ maxLength: 2, className: 'input-tiny', autoCapitalize: 'characters', spellCheck: false }}
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
