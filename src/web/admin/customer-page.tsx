import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import {
  ApiError,
  api,
  type Customer,
  type CustomerPackage,
  type FieldError,
  type GiftCard,
  type Page,
} from '../api-client.js';
import { AddressList } from '../components/address-fields.js';
import {
  CheckField,
  ErrorSummary,
  type SummaryError,
  TextAreaField,
  TextField,
} from '../components/fields.js';
import { formatDateTime } from '../components/format.js';
import { PackageList } from '../components/package-list.js';
import { usePageTitle } from '../components/page-title.js';
import { SavedCardList } from '../components/saved-cards.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { CustomerMemberships, CustomerOrders, CustomerSpend } from './customer-activity.js';
import {
  type CustomerForm,
  customerBody,
  customerErrorTarget,
  customerFieldId,
  customerFieldLabels,
  customerPatch,
  customerToForm,
  emailTaken,
  emptyCustomerForm,
  sourceLabels,
} from './customer-model.js';
import { customersKey } from './customers-page.js';
import { GiftCardTable, giftCardsKey } from './gift-cards-page.js';
import { canManage, useStaff } from './session.js';

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
  const me = useStaff();
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
          <CustomerSpend customerId={customer.data.id} />
          <CustomerOrders customerId={customer.data.id} />
          <CustomerMemberships customerId={customer.data.id} />
          <CustomerPackages customerId={customer.data.id} />
          <CustomerGiftCards customerId={customer.data.id} />
          <CustomerEditor key={customer.data.id} saved={customer.data} />
          <section className="card stack-tight" aria-labelledby="customer-cards-title">
            <h2 id="customer-cards-title">Saved cards</h2>
            <SavedCardList
              path={`/api/admin/customers/${encodeURIComponent(customer.data.id)}/payment-methods`}
              canRemove={canManage(me.role)}
              empty="No saved cards. A card is saved when the customer asks for it while paying, or adds it in My account."
            />
          </section>
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

      <AddressList
        addresses={form.addresses}
        onChange={(addresses) => setForm((f) => ({ ...f, addresses }))}
        onRemoved={() => setErrors((list) => list.filter((e) => !e.path.startsWith('addresses.')))}
        errorOf={errorOf}
        fieldId={customerFieldId}
        autofill={false}
      />

      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : saved ? 'Save customer' : 'Add customer'}
        </button>
        <StatusMessage tone={status === 'Customer saved' ? 'success' : 'info'}>{status}</StatusMessage>
      </div>
    </form>
  );
}

function CustomerGiftCards({ customerId }: { customerId: string }) {
  const cards = useQuery({
    queryKey: [...giftCardsKey, { customerId }],
    queryFn: () =>
      api<Page<GiftCard>>(
        'GET',
        `/api/admin/gift-cards?customerId=${encodeURIComponent(customerId)}&limit=50`,
      ),
  });
  return (
    <section className="card stack-tight" aria-labelledby="customer-gift-cards-title">
      <h2 id="customer-gift-cards-title">Gift cards</h2>
      {cards.isPending ? <Loading what="gift cards" /> : null}
      {cards.isError ? <ErrorMessage error={cards.error} /> : null}
      {cards.data && cards.data.data.length === 0 ? (
        <p className="muted">No gift cards given to this customer or sent to their email.</p>
      ) : null}
      {cards.data && cards.data.data.length > 0 ? (
        <GiftCardTable cards={cards.data.data} caption="The customer’s gift cards" />
      ) : null}
    </section>
  );
}

function CustomerPackages({ customerId }: { customerId: string }) {
  const packages = useQuery({
    queryKey: ['packages', { customerId }],
    queryFn: () =>
      api<{ data: CustomerPackage[] }>(
        'GET',
        `/api/admin/packages?customerId=${encodeURIComponent(customerId)}`,
      ),
  });
  return (
    <section className="card stack-tight" aria-labelledby="customer-packages-title">
      <h2 id="customer-packages-title">Packages</h2>
      {packages.isPending ? <Loading what="packages" /> : null}
      {packages.isError ? <ErrorMessage error={packages.error} /> : null}
      {packages.data && packages.data.data.length === 0 ? <p className="muted">No packages bought.</p> : null}
      {packages.data && packages.data.data.length > 0 ? (
        <PackageList
          packages={packages.data.data}
          orderPath={(id) => `/admin/orders/${encodeURIComponent(id)}`}
          headingLevel={3}
        />
      ) : null}
    </section>
  );
}
