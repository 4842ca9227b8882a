import { useMutation } from '@tanstack/react-query';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../api-client.js';
import { ErrorSummary, TextField } from '../components/fields.js';
import { formatMoney, fractionDigits, parseMajor } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useAccount, useShopAbout } from './account-session.js';
import { useShopCart } from './shop-cart.js';

// The editor is most of the shop's code by weight: loaded only where a message is written.
const RichTextEditor = lazy(() =>
  import('../components/rich-text-editor.js').then((m) => ({ default: m.RichTextEditor })),
);

/** Buy a gift card for yourself or someone else, with a message: it goes into the cart. */
export function BuyGiftCardPage() {
  usePageTitle('Gift cards');
  const about = useShopAbout();
  const account = useAccount();
  const cart = useShopCart();
  const navigate = useNavigate();
  const [amount, setAmount] = useState('');
  const [recipient, setRecipient] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (about.isPending) return <Loading what="gift cards" />;
  if (about.isError) return <ErrorMessage error={about.error} />;
  const { currency, giftCards } = about.data;
  const money = (minor: number) => formatMoney(minor, currency);
  const recipientEmail = recipient ?? account.data?.email ?? '';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const minor = parseMajor(amount, fractionDigits(currency));
    const next: Record<string, string> = {};
    if (minor === null || minor < giftCards.minAmount || minor > giftCards.maxAmount)
      next.amount = `Choose an amount from ${money(giftCards.minAmount)} to ${money(giftCards.maxAmount)}`;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(recipientEmail.trim()))
      next.recipient = 'Enter the email address the card is sent to';
    if (message.length > 5000) next.message = 'Keep the message shorter';
    setErrors(next);
    if (Object.keys(next).length > 0 || minor === null) return;
    cart.addGiftCard(minor, { recipientEmail: recipientEmail.trim(), ...(message ? { message } : {}) });
    navigate('/shop/cart');
  };

  const summary = Object.entries(errors).map(([key, msg]) => ({
    fieldId: `gift-${key}`,
    label: key === 'amount' ? 'Amount' : key === 'recipient' ? 'Send it to' : 'Message',
    message: msg,
  }));
  return (
    <section aria-labelledby="buy-gift-title" className="stack">
      <div className="page-header">
        <div>
          <h1 id="buy-gift-title">Gift cards</h1>
          <p className="muted">
            Spend it in store and online, all at once or bit by bit. It is emailed with your message as soon
            as it is paid. <Link to="/shop/gift-cards/balance">Check a card’s balance</Link>
          </p>
        </div>
      </div>
      <form onSubmit={onSubmit} className="card stack-tight" noValidate>
        <ErrorSummary errors={summary} />
        <TextField
          id="gift-amount"
          label="Amount"
          value={amount}
          onChange={setAmount}
          error={errors.amount}
          hint={`From ${money(giftCards.minAmount)} to ${money(giftCards.maxAmount)}, in ${currency}.`}
          input={{ inputMode: 'decimal', className: 'input-short' }}
        />
        <TextField
          id="gift-recipient"
          label="Send it to"
          value={recipientEmail}
          onChange={setRecipient}
          error={errors.recipient}
          hint="Your own email for yourself, or a friend’s as a present: the card is theirs."
          input={{ type: 'email', autoComplete: 'off', maxLength: 254 }}
        />
        <Suspense fallback={<Loading what="the message editor" />}>
          <RichTextEditor
            id="gift-message"
            label="Your message (optional)"
            hint="Bold, italic, underline, size, font, colour and links."
            onChange={setMessage}
          />
        </Suspense>
        {errors.message ? <p className="field-error">{errors.message}</p> : null}
        <div className="form-actions">
          <button type="submit" className="button">
            Add to cart
          </button>
        </div>
      </form>
    </section>
  );
}

/** A shopper checks what is left on a card. */
export function GiftCardBalancePage() {
  usePageTitle('Gift card balance');
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const check = useMutation({
    mutationFn: (body: { code: string }) =>
      api<{ balance: number; currency: string; status: string }>(
        'POST',
        '/api/store/gift-cards/balance',
        body,
      ),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    check.reset();
    if (!code.trim()) {
      setError('Enter the code on the card or in the email');
      return;
    }
    setError('');
    check.mutate({ code: code.trim() });
  };
  const refusal =
    check.error instanceof ApiError
      ? check.error.code === 'gift_card_not_found'
        ? 'No gift card in use has this code. Check it and try again.'
        : check.error.detail
      : null;
  return (
    <section aria-labelledby="balance-title" className="stack">
      <h1 id="balance-title">Gift card balance</h1>
      <form onSubmit={onSubmit} className="card stack-tight" noValidate>
        <TextField
          id="balance-code"
          label="Gift card code"
          value={code}
          onChange={setCode}
          error={error || undefined}
          hint="The 16 digits in the email, or the serial printed on the card."
          input={{ autoComplete: 'off', maxLength: 64 }}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={check.isPending}>
            {check.isPending ? 'Checking…' : 'Check balance'}
          </button>
        </div>
        {check.data ? (
          <p className="notice notice-success" role="status" data-testid="gift-balance">
            This card has <strong>{formatMoney(check.data.balance, check.data.currency)}</strong> on it.
          </p>
        ) : null}
        {refusal ? (
          <p className="notice notice-error" role="alert">
            {refusal}
          </p>
        ) : check.isError ? (
          <ErrorMessage error={check.error} />
        ) : null}
      </form>
    </section>
  );
}
