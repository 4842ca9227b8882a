import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type FieldError, type GiftCard, type GiftCardDetail } from '../api-client.js';
import { DetailFrame } from '../components/detail-frame.js';
import { Dialog } from '../components/dialog.js';
import { ErrorSummary, SubmitOrCancel, TextAreaField, TextField } from '../components/fields.js';
import { useFormErrors } from '../components/form-errors.js';
import { formatDateTime } from '../components/format.js';
import { Ledger } from '../components/gift-card-ledger.js';
import {
  giftCardKindLabels,
  giftCardStatusBadge,
  giftCardStatusLabels,
} from '../components/gift-card-model.js';
import { formatMoney, fractionDigits, parseMajor } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { useRetryKey } from '../components/retry-key.js';
import { ErrorMessage, StatusMessage } from '../components/status.js';
import { giftCardsKey } from './gift-cards-page.js';
import { canManage, useStaff } from './session.js';

const giftCardKey = (id: string) => ['gift-card', id] as const;
const dash = <span className="muted">—</span>;

type Action = 'adjust' | 'reload' | 'disable' | 'enable';

export function GiftCardPage() {
  const { giftCardId = '' } = useParams();
  const me = useStaff();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action | null>(null);
  const [status, setStatus] = useState('');
  const card = useQuery({
    queryKey: giftCardKey(giftCardId),
    queryFn: () => api<GiftCardDetail>('GET', `/api/admin/gift-cards/${encodeURIComponent(giftCardId)}`),
  });
  usePageTitle(card.data ? `Gift card ${card.data.maskedCode}` : 'Gift card');

  const onDone = (message: string) => {
    setAction(null);
    setStatus(message);
    void queryClient.invalidateQueries({ queryKey: giftCardKey(giftCardId) });
    void queryClient.invalidateQueries({ queryKey: giftCardsKey });
  };

  return (
    <DetailFrame
      titleId="gift-card-title"
      back={{ to: '/admin/gift-cards', label: 'Back to gift cards' }}
      what="the gift card"
      title="Gift card"
      query={card}
    >
      {(c) => (
        <>
          <div className="page-header">
            <div>
              <h1 id="gift-card-title">Gift card {c.maskedCode}</h1>
              <p className="title-meta muted">
                <span className={`badge ${giftCardStatusBadge[c.status]}`}>
                  {giftCardStatusLabels[c.status]}
                </span>{' '}
                {giftCardKindLabels[c.kind]}
              </p>
            </div>
            {canManage(me.role) ? (
              <div className="header-actions">
                {c.status === 'active' ? (
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => setAction('reload')}
                  >
                    Reload
                  </button>
                ) : null}
                {c.status === 'active' || c.status === 'disabled' ? (
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => setAction('adjust')}
                  >
                    Adjust balance
                  </button>
                ) : null}
                {c.status === 'active' ? (
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => setAction('disable')}
                  >
                    Disable
                  </button>
                ) : null}
                {c.status === 'disabled' ? (
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => setAction('enable')}
                  >
                    Enable
                  </button>
                ) : null}
              </div>
            ) : null}
          </div>
          <StatusMessage>{status}</StatusMessage>
          <section className="card" aria-labelledby="gift-card-summary-title">
            <h2 id="gift-card-summary-title">Card</h2>
            <dl className="details">
              <dt>Balance</dt>
              <dd data-testid="gift-card-balance">{formatMoney(c.balance, c.currency)}</dd>
              <dt>Issued for</dt>
              <dd>{formatMoney(c.initialAmount, c.currency)}</dd>
              <dt>Owner</dt>
              <dd>
                {c.ownerEmail ?? dash}
                {c.customerId ? (
                  <>
                    {' '}
                    · <Link to={`/admin/customers/${encodeURIComponent(c.customerId)}`}>customer</Link>
                  </>
                ) : null}
              </dd>
              <dt>Sold on</dt>
              <dd>
                {c.orderId ? (
                  <Link to={`/admin/orders/${encodeURIComponent(c.orderId)}`}>the order</Link>
                ) : (
                  'Issued by hand'
                )}
              </dd>
              {c.senderName ? (
                <>
                  <dt>From</dt>
                  <dd>{c.senderName}</dd>
                </>
              ) : null}
              {c.message ? (
                <>
                  <dt>Message</dt>
                  {/* Sanitised on the server to an allow-list of formatting and links. */}
                  {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised HTML from the server */}
                  <dd className="gift-message" dangerouslySetInnerHTML={{ __html: c.message }} />
                </>
              ) : null}
              {c.notes ? (
                <>
                  <dt>Notes</dt>
                  <dd>{c.notes}</dd>
                </>
              ) : null}
              <dt>Issued</dt>
              <dd>
                <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
              </dd>
            </dl>
          </section>
          <Ledger card={c} entries={c.ledger} orderPath={(id) => `/admin/orders/${encodeURIComponent(id)}`} />
          <Dialog
            open={action === 'adjust' || action === 'reload'}
            onClose={() => setAction(null)}
            title={action === 'reload' ? 'Reload the card' : 'Adjust the balance'}
          >
            <MoveForm
              card={c}
              kind={action === 'reload' ? 'reload' : 'adjust'}
              onDone={onDone}
              onCancel={() => setAction(null)}
            />
          </Dialog>
          <Dialog
            open={action === 'disable' || action === 'enable'}
            onClose={() => setAction(null)}
            title={action === 'disable' ? 'Disable the card' : 'Enable the card'}
          >
            <StatusForm
              card={c}
              to={action === 'enable' ? 'active' : 'disabled'}
              onDone={onDone}
              onCancel={() => setAction(null)}
            />
          </Dialog>
        </>
      )}
    </DetailFrame>
  );
}

const moveFields = {
  amount: { id: 'move-amount', label: 'Amount' },
  reason: { id: 'move-reason', label: 'Reason' },
};

function MoveForm({
  card,
  kind,
  onDone,
  onCancel,
}: {
  card: GiftCardDetail;
  kind: 'adjust' | 'reload';
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<FieldError[]>([]);
  const retryKey = useRetryKey();
  const path = kind === 'reload' ? 'reloads' : 'adjustments';
  const move = useMutation({
    mutationFn: (body: { amount: number; reason?: string }) =>
      api<{ card: GiftCard }>('POST', `/api/admin/gift-cards/${encodeURIComponent(card.id)}/${path}`, body, {
        idempotencyKey: retryKey.for(body),
      }),
    onSuccess: ({ card: next }) => {
      retryKey.answered();
      onDone(`The balance is now ${formatMoney(next.balance, next.currency)}.`);
    },
    onError: (err) => retryKey.answered(err),
  });
  const errors = useFormErrors(move.error, local, moveFields);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    move.reset();
    const text = amount.trim();
    const negative = kind === 'adjust' && text.startsWith('-');
    const minor = parseMajor(negative ? text.slice(1) : text, fractionDigits(card.currency));
    const problems: FieldError[] = [];
    if (minor === null || minor <= 0)
      problems.push({
        path: 'amount',
        message:
          kind === 'adjust' ? 'Enter an amount such as 5.00 or -5.00' : 'Enter an amount such as 25.00',
      });
    if (kind === 'adjust' && !reason.trim())
      problems.push({ path: 'reason', message: 'Say why the balance changes' });
    setLocal(problems);
    if (problems.length > 0 || minor === null) return;
    move.mutate({ amount: negative ? -minor : minor, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };

  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <p>
        The card has {formatMoney(card.balance, card.currency)}.{' '}
        {kind === 'adjust'
          ? 'A positive amount adds to it, a negative one (−) takes off it.'
          : 'The amount is added to it.'}
      </p>
      <ErrorSummary errors={errors.summary} />
      {move.isError && !errors.shownByField ? <ErrorMessage error={move.error} /> : null}
      <TextField
        {...moveFields.amount}
        value={amount}
        onChange={setAmount}
        error={errors.byPath.amount}
        hint={`In ${card.currency}.`}
        input={{ inputMode: 'decimal', className: 'input-short' }}
      />
      <TextAreaField
        {...moveFields.reason}
        value={reason}
        onChange={setReason}
        error={errors.byPath.reason}
        textarea={{ maxLength: 500, rows: 2 }}
      />
      <SubmitOrCancel
        label={kind === 'reload' ? 'Reload' : 'Adjust'}
        pendingLabel="Saving…"
        pending={move.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}

function StatusForm({
  card,
  to,
  onDone,
  onCancel,
}: {
  card: GiftCardDetail;
  to: 'active' | 'disabled';
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () =>
      api<GiftCard>('POST', `/api/admin/gift-cards/${encodeURIComponent(card.id)}/status`, {
        status: to,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: () =>
      onDone(
        to === 'disabled'
          ? 'The card is disabled: it cannot be spent or reloaded.'
          : 'The card is active again.',
      ),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate();
      }}
      className="stack-tight"
      noValidate
    >
      <p>
        {to === 'disabled'
          ? `Nobody can spend or reload the card while it is disabled (lost, stolen). Its ${formatMoney(card.balance, card.currency)} stay on it.`
          : 'The card can be spent and reloaded again.'}
      </p>
      {change.isError ? <ErrorMessage error={change.error} /> : null}
      <TextAreaField
        id="status-reason"
        label="Reason"
        value={reason}
        onChange={setReason}
        error={undefined}
        textarea={{ maxLength: 500, rows: 2 }}
      />
      <SubmitOrCancel
        label={to === 'disabled' ? 'Disable' : 'Enable'}
        pendingLabel="Saving…"
        pending={change.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}
