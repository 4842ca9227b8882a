import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import {
  api,
  type FieldError,
  type GiftCard,
  type IssuedGiftCard,
  type Page,
  withQuery,
} from '../api-client.js';
import { Dialog } from '../components/dialog.js';
import { ErrorSummary, SubmitOrCancel, TextAreaField, TextField } from '../components/fields.js';
import { FilterButtons, FilterSelect } from '../components/filter-fields.js';
import { useFormErrors } from '../components/form-errors.js';
import { formatDateTime } from '../components/format.js';
import {
  giftCardKindLabels,
  giftCardStatusBadge,
  giftCardStatusLabels,
  groupedCode,
} from '../components/gift-card-model.js';
import { LoadMore } from '../components/load-more.js';
import { formatMoney, fractionDigits, parseMajor } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { useRetryKey } from '../components/retry-key.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { type FilterFormProps, useFilterForm, useUrlFilters } from '../components/url-filters.js';
import { canManage, useSettings, useStaff } from './session.js';

const PAGE_SIZE = 50;

export const giftCardsKey = ['gift-cards'] as const;

const filterNames = ['q', 'status', 'kind'] as const;
type Filters = Record<(typeof filterNames)[number], string>;

export function GiftCardsPage() {
  usePageTitle('Gift cards');
  const me = useStaff();
  const { filters, filtered, apply, clear } = useUrlFilters(filterNames);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedGiftCard | null>(null);

  const cards = useInfiniteQuery({
    queryKey: [...giftCardsKey, filters],
    queryFn: ({ pageParam }) =>
      api<Page<GiftCard>>(
        'GET',
        withQuery('/api/admin/gift-cards', { limit: PAGE_SIZE, cursor: pageParam, ...filters }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = cards.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section aria-labelledby="gift-cards-title" className="stack">
      <div className="page-header">
        <div>
          <h1 id="gift-cards-title">Gift cards</h1>
          <p className="muted">Every card sold or issued, in store and online, newest first.</p>
        </div>
        {canManage(me.role) ? (
          <div className="header-actions">
            <Link to="/admin/reports/gift-cards" className="button button-secondary">
              Liability report
            </Link>
            <button
              type="button"
              className="button"
              onClick={() => {
                setIssued(null);
                setIssuing(true);
              }}
            >
              Issue a card
            </button>
          </div>
        ) : null}
      </div>
      {issued ? <IssuedNotice card={issued} /> : null}
      <GiftCardFilters
        key={JSON.stringify(filters)}
        filters={filters}
        filtered={filtered}
        onApply={apply}
        onClear={clear}
      />
      {cards.isPending ? <Loading what="gift cards" /> : null}
      {cards.isError && !cards.isFetchNextPageError ? <ErrorMessage error={cards.error} /> : null}
      {cards.isSuccess && rows.length === 0 ? (
        <p className="empty">{filtered ? 'No gift cards match these filters.' : 'No gift cards yet.'}</p>
      ) : null}
      {rows.length > 0 ? <GiftCardTable cards={rows} caption="Gift cards, newest first" /> : null}
      <LoadMore query={cards} />
      <Dialog open={issuing} onClose={() => setIssuing(false)} title="Issue a gift card">
        <IssueForm
          onDone={(card) => {
            setIssuing(false);
            setIssued(card);
          }}
          onCancel={() => setIssuing(false)}
        />
      </Dialog>
    </section>
  );
}

/** A table of cards: masked codes, never the full one. */
export function GiftCardTable({ cards, caption }: { cards: GiftCard[]; caption: string }) {
  return (
    <table className="table responsive-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Card</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Balance
          </th>
          <th scope="col">Owner</th>
          <th scope="col">Issued</th>
        </tr>
      </thead>
      <tbody>
        {cards.map((c) => (
          <tr key={c.id}>
            <td data-label="Card">
              <Link to={`/admin/gift-cards/${encodeURIComponent(c.id)}`} className="row-title">
                {c.maskedCode}
              </Link>
              <span className="row-meta"> · {giftCardKindLabels[c.kind]}</span>
            </td>
            <td data-label="Status">
              <span className={`badge ${giftCardStatusBadge[c.status]}`}>
                {giftCardStatusLabels[c.status]}
              </span>
            </td>
            <td data-label="Balance" className="num">
              {formatMoney(c.balance, c.currency)}
              <span className="row-meta"> of {formatMoney(c.initialAmount, c.currency)}</span>
            </td>
            <td data-label="Owner">{c.ownerEmail ?? <span className="muted">—</span>}</td>
            <td data-label="Issued" className="nowrap">
              <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The one moment the full code is on screen in the back office. */
function IssuedNotice({ card }: { card: IssuedGiftCard }) {
  return (
    <div className="notice notice-success" role="status">
      <p>
        <strong>Gift card issued: {formatMoney(card.balance, card.currency)}.</strong> Its code is{' '}
        <code className="gift-code" data-testid="issued-code">
          {groupedCode(card.code)}
        </code>
        . Give it to the owner now: it is shown only this once, then masked as {card.maskedCode}.
      </p>
      <p>
        <Link to={`/admin/gift-cards/${encodeURIComponent(card.id)}`}>Open the card</Link>
      </p>
    </div>
  );
}

function GiftCardFilters({ filters, filtered, onApply, onClear }: FilterFormProps<Filters>) {
  const { form, set, onSubmit } = useFilterForm(filters, onApply);
  return (
    <search className="filters">
      <form onSubmit={onSubmit} className="inline-form">
        <div className="field grow">
          <label htmlFor="gift-cards-q">Last 4 of the code, owner’s email, or order</label>
          <input
            id="gift-cards-q"
            type="search"
            value={form.q}
            onChange={(e) => set('q')(e.target.value)}
            maxLength={254}
          />
        </div>
        <FilterSelect
          id="gift-cards-status"
          label="Status"
          value={form.status}
          options={giftCardStatusLabels}
          onChange={set('status')}
        />
        <FilterSelect
          id="gift-cards-kind"
          label="Kind"
          value={form.kind}
          options={giftCardKindLabels}
          onChange={set('kind')}
        />
        <FilterButtons filtered={filtered} onClear={onClear} />
      </form>
    </search>
  );
}

const issueFields = {
  amount: { id: 'issue-amount', label: 'Amount' },
  serial: { id: 'issue-serial', label: 'Serial of a physical card' },
  ownerEmail: { id: 'issue-owner', label: 'Owner’s email' },
  notes: { id: 'issue-notes', label: 'Notes' },
};

function IssueForm({ onDone, onCancel }: { onDone: (card: IssuedGiftCard) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const settings = useSettings();
  const currency = settings.data?.currency ?? 'USD';
  const [amount, setAmount] = useState('');
  const [serial, setSerial] = useState('');
  const [ownerEmail, setOwnerEmail] = useState('');
  const [notes, setNotes] = useState('');
  const [local, setLocal] = useState<FieldError[]>([]);
  const retryKey = useRetryKey();
  const issue = useMutation({
    mutationFn: (body: object) =>
      api<IssuedGiftCard>('POST', '/api/admin/gift-cards', body, { idempotencyKey: retryKey.for(body) }),
    onSuccess: (card) => {
      retryKey.answered();
      void queryClient.invalidateQueries({ queryKey: giftCardsKey });
      onDone(card);
    },
    onError: (err) => retryKey.answered(err),
  });
  const errors = useFormErrors(issue.error, local, issueFields);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    issue.reset();
    const minor = parseMajor(amount, fractionDigits(currency));
    const unreadable = minor === null || minor <= 0;
    setLocal(unreadable ? [{ path: 'amount', message: 'Enter an amount such as 25.00' }] : []);
    // Sent anyway (an amount the server refuses): its answer names what else is wrong.
    issue.mutate({
      amount: unreadable ? -1 : minor,
      ...(serial.trim() ? { serial: serial.trim() } : {}),
      ...(ownerEmail.trim() ? { ownerEmail: ownerEmail.trim() } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    });
  };

  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <p>
        A card given by hand (goodwill, a prize). It is active at once; Tandem numbers it unless you scan a
        physical card.
      </p>
      <ErrorSummary errors={errors.summary} />
      {issue.isError && !errors.shownByField ? <ErrorMessage error={issue.error} /> : null}
      <TextField
        {...issueFields.amount}
        value={amount}
        onChange={setAmount}
        error={errors.byPath.amount}
        hint={`In ${currency}.`}
        input={{ inputMode: 'decimal', className: 'input-short' }}
      />
      <TextField
        {...issueFields.serial}
        value={serial}
        onChange={setSerial}
        error={errors.byPath.serial}
        hint="Leave empty for a virtual card. 8–20 letters or digits, as printed."
        input={{ autoComplete: 'off', maxLength: 40 }}
      />
      <TextField
        {...issueFields.ownerEmail}
        value={ownerEmail}
        onChange={setOwnerEmail}
        error={errors.byPath.ownerEmail}
        input={{ type: 'email', autoComplete: 'off', maxLength: 254 }}
      />
      <TextAreaField
        {...issueFields.notes}
        value={notes}
        onChange={setNotes}
        error={errors.byPath.notes}
        textarea={{ maxLength: 1000, rows: 2 }}
      />
      <SubmitOrCancel
        label="Issue card"
        pendingLabel="Issuing…"
        pending={issue.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}
