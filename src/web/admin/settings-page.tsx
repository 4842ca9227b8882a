import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, api, type FieldError, type Settings } from '../api-client.js';
import { paymentsConfigKey } from '../components/card-form.js';
import { fractionDigits } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { SettingsNav } from './connections/settings-nav.js';
import { GatewayPanel } from './gateway-panel.js';
import { canManage, settingsQueryKey, useSettings, useStaff } from './session.js';
import { CheckField, ErrorSummary, type FieldErrors, TextField } from './settings-fields.js';
import {
  type CheckPath,
  type FormValues,
  fieldLabels,
  friendlyMessage,
  isFieldPath,
  type TextPath,
  toForm,
  toPatch,
} from './settings-model.js';

export function SettingsPage() {
  usePageTitle('Settings');
  const settings = useSettings();
  const me = useStaff();
  return (
    <section aria-labelledby="settings-title" className="stack">
      {canManage(me.role) ? <SettingsNav /> : null}
      <h1 id="settings-title">Settings</h1>
      {settings.isPending ? <Loading what="settings" /> : null}
      {settings.isError ? <ErrorMessage error={settings.error} /> : null}
      {settings.data ? <SettingsForm saved={settings.data} /> : null}
      <GatewayPanel canTest={canManage(me.role)} />
    </section>
  );
}

function SettingsForm({ saved }: { saved: Settings }) {
  const me = useStaff();
  const readOnly = !canManage(me.role);
  const queryClient = useQueryClient();
  const digits = fractionDigits(saved.currency);
  const [values, setValues] = useState<FormValues>(() => toForm(saved, digits));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState('');

  const save = useMutation({
    mutationFn: (patch: object) => api<Settings>('PATCH', '/api/admin/settings', patch),
    onSuccess: (next) => {
      queryClient.setQueryData(settingsQueryKey, next);
      // The card form asks whether cards are taken.
      void queryClient.invalidateQueries({ queryKey: paymentsConfigKey });
      setValues(toForm(next, fractionDigits(next.currency)));
      setStatus('Settings saved');
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'validation_failed' && err.errors.length > 0) {
        setErrors(err.errors);
      }
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    setStatus('');
    setErrors([]);
    save.reset();
    const { patch, errors: local } = toPatch(values, saved, digits);
    if (local.length > 0) {
      setErrors(local);
      return;
    }
    if (Object.keys(patch).length === 0) {
      setStatus('Nothing has changed');
      return;
    }
    save.mutate(patch);
  };

  const byPath: FieldErrors = {};
  for (const e of errors) {
    if (isFieldPath(e.path) && !byPath[e.path]) byPath[e.path] = friendlyMessage(e.path, e.message, digits);
  }
  // Kept stable between renders: a new summary moves focus to it.
  const summary = useMemo(
    () =>
      errors.map((e) => ({
        path: e.path,
        label: isFieldPath(e.path) ? fieldLabels[e.path] : e.path,
        message: friendlyMessage(e.path, e.message, digits),
      })),
    [errors, digits],
  );
  const fieldsFailed = save.error instanceof ApiError && save.error.code === 'validation_failed';

  const text = (path: TextPath) => ({
    path,
    value: values.text[path],
    error: byPath[path],
    onChange: (value: string) => setValues((v) => ({ ...v, text: { ...v.text, [path]: value } })),
  });
  const check = (path: CheckPath) => ({
    path,
    checked: values.checks[path],
    error: byPath[path],
    onChange: (checked: boolean) => setValues((v) => ({ ...v, checks: { ...v.checks, [path]: checked } })),
  });

  return (
    <form onSubmit={onSubmit} className="stack settings-form" noValidate>
      {readOnly ? (
        <p className="notice notice-info">
          You can look at the settings; changing them needs an owner or a manager.
        </p>
      ) : null}
      <ErrorSummary errors={summary} />
      {save.isError && !fieldsFailed ? <ErrorMessage error={save.error} /> : null}

      <fieldset className="card" disabled={readOnly}>
        <legend>General</legend>
        <TextField {...text('businessName')} input={{ autoComplete: 'organization', maxLength: 120 }} />
        <TextField
          {...text('currency')}
          hint="Three-letter code, such as USD or EUR."
          input={{ maxLength: 3, autoCapitalize: 'characters', spellCheck: false, className: 'input-short' }}
        />
        <TextField
          {...text('timeZone')}
          hint="Reports count days and receipts print times in this zone, such as America/Chicago or Europe/London."
          input={{ list: 'time-zones', spellCheck: false, autoComplete: 'off' }}
        />
        <TimeZoneList />
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>Shop address and phone</legend>
        <p className="hint">Printed on receipts and at the foot of customers’ emails.</p>
        <TextField {...text('store.line1')} input={{ autoComplete: 'address-line1', maxLength: 200 }} />
        <TextField {...text('store.line2')} input={{ autoComplete: 'address-line2', maxLength: 200 }} />
        <div className="field-row">
          <TextField {...text('store.city')} input={{ autoComplete: 'address-level2', maxLength: 100 }} />
          <TextField
            {...text('store.region')}
            input={{ autoComplete: 'address-level1', maxLength: 100, className: 'input-short' }}
          />
          <TextField
            {...text('store.postalCode')}
            input={{ autoComplete: 'postal-code', maxLength: 20, className: 'input-short' }}
          />
          <TextField
            {...text('store.country')}
            hint="Two letters, such as US."
            input={{ autoComplete: 'country', maxLength: 2, className: 'input-short' }}
          />
        </div>
        <div className="field-row">
          <TextField {...text('store.phone')} input={{ type: 'tel', autoComplete: 'tel', maxLength: 30 }} />
          <TextField
            {...text('store.email')}
            input={{ type: 'email', autoComplete: 'email', maxLength: 320 }}
          />
        </div>
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>Features</legend>
        <CheckField {...check('cardProcessing')} />
        <CheckField {...check('onlineShop')} />
        <CheckField
          {...check('guestCheckout')}
          hint="Shoppers then pay with their email, address and a new card; the receipt invites them to open an account."
        />
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>Selling</legend>
        <CheckField
          {...check('pricesIncludeTax')}
          hint="Tick when the prices you enter already contain tax, as is usual in Europe; leave clear when tax is added at checkout."
        />
        <CheckField
          {...check('allowNegativeStock')}
          hint="When ticked, a cashier can sell a tracked item that shows none in stock; its stock then goes below zero."
        />
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>Gift cards</legend>
        <div className="field-row">
          <TextField
            {...text('giftCards.minAmount')}
            hint={`In ${saved.currency}.`}
            input={{ inputMode: 'decimal', className: 'input-short' }}
          />
          <TextField
            {...text('giftCards.maxAmount')}
            hint={`In ${saved.currency}.`}
            input={{ inputMode: 'decimal', className: 'input-short' }}
          />
        </div>
        <TextField
          {...text('giftCards.serialPrefix')}
          hint="Four digits that begin the serial number of new gift cards."
          input={{ inputMode: 'numeric', maxLength: 4, className: 'input-short' }}
        />
        <p className="hint">
          These three act on a connected Shopify store; until one is connected they change nothing.
        </p>
        <CheckField
          {...check('giftCards.syncToStore')}
          hint="Every card sold or activated here is created in Shopify with the same code, and its balance follows."
        />
        <CheckField
          {...check('giftCards.sendStoreNotifications')}
          hint="The card’s owner is added to Shopify with it, so Shopify emails them the card."
        />
        <CheckField
          {...check('giftCards.downloadFromStore')}
          hint="Cards sold in Shopify come into Tandem with a serial of their own that starts with the prefix above."
        />
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>Customer portal</legend>
        <CheckField
          {...check('portal.enabled')}
          hint="Off: My account no longer offers recurring orders, packages or saved cards. Signing in, orders, gift cards and checkout (with a saved card too) stay."
        />
        <CheckField {...check('portal.viewRecurring')} />
        <CheckField {...check('portal.editRecurring')} />
        <CheckField {...check('portal.htmlEmail')} />
        <RegistrationLink />
      </fieldset>

      {readOnly ? null : (
        <div className="form-actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save settings'}
          </button>
          <StatusMessage tone={status === 'Settings saved' ? 'success' : 'info'}>{status}</StatusMessage>
        </div>
      )}
    </form>
  );
}

/** The zones the browser knows, offered as the time zone field is typed. */
function TimeZoneList() {
  const zones = useMemo(() => {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
    return intl.supportedValuesOf?.('timeZone') ?? [];
  }, []);
  return (
    <datalist id="time-zones">
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

/** The link merchants send customers to open their account (the email they bought with links their orders). */
function RegistrationLink() {
  const link = `${window.location.origin}/shop/register`;
  const [copied, setCopied] = useState(false);
  return (
    <div className="field">
      <label htmlFor="registration-link">Registration link to send to customers</label>
      <div className="inline-form">
        <input
          id="registration-link"
          readOnly
          value={link}
          className="grow"
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy
        </button>
      </div>
      <p className="hint">
        Customers who sign up with the email they bought with see their past orders, gift cards, packages and
        memberships.
      </p>
      <StatusMessage>{copied ? 'Registration link copied.' : ''}</StatusMessage>
    </div>
  );
}
