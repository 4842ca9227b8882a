import { Fragment, useLayoutEffect, useRef, useState } from 'react';
import type { Receipt as ReceiptData } from '../../contracts/receipts.js';
import { formatMoney } from './money.js';
import './receipt.css';

export type ReceiptFormat = 'roll' | 'a4';

/** Page margins of the till roll, top and bottom (mm), as receipt.css sets them. */
const ROLL_MARGIN_MM = 4;
const MM_PER_PX = 25.4 / 96;

/** When a receipt says the sale was made: "Dec 4, 2026, 1:05 PM PST", on the shop's clock. */
const receiptTimeFormat: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};

export function shopTime(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, { ...receiptTimeFormat, timeZone }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
}

/**
 * A sale's receipt, on an 80 mm till roll or an A4 page: the same content, laid out for each. The
 * roll is one page exactly as long as the receipt, so that the printer cuts it once.
 */
export function Receipt({ receipt: r, format }: { receipt: ReceiptData; format: ReceiptFormat }) {
  const money = (minor: number) => formatMoney(minor, r.currency);
  const rollLength = useRollLength(format);
  const contact = [r.store.phone, r.store.email].filter(Boolean);
  return (
    <article
      ref={rollLength.ref}
      className={`receipt-sheet receipt-${format}`}
      data-format={format}
      aria-labelledby="receipt-title"
    >
      {rollLength.mm ? <style>{`@page receipt-roll { size: 80mm ${rollLength.mm}mm; }`}</style> : null}
      <header className="receipt-head">
        <div>
          <p className="receipt-shop" data-testid="receipt-shop">
            {r.store.name}
          </p>
          {r.store.addressLines.length > 0 ? (
            <address data-testid="receipt-address">
              {r.store.addressLines.map((line) => (
                <span key={line} className="receipt-address-line">
                  {line}
                </span>
              ))}
            </address>
          ) : null}
          {contact.length > 0 ? <p data-testid="receipt-contact">{contact.join(' · ')}</p> : null}
        </div>
        <div>
          <h1 id="receipt-title">Receipt #{r.number}</h1>
          <dl className="receipt-facts">
            <dt>Date</dt>
            <dd data-testid="receipt-time">
              <time dateTime={r.createdAt}>{shopTime(r.createdAt, r.store.timeZone)}</time>
            </dd>
            {r.cashier ? (
              <>
                <dt>Cashier</dt>
                <dd data-testid="receipt-cashier">{r.cashier}</dd>
              </>
            ) : null}
            {r.customer ? (
              <>
                <dt>Customer</dt>
                <dd>{r.customer}</dd>
              </>
            ) : null}
          </dl>
        </div>
      </header>

      <table className="receipt-lines" aria-label="Items">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {r.lines.map((l) => (
            <tr key={l.id} data-testid="receipt-line">
              <td>
                <span className="receipt-item">{l.name}</span>
                {l.quantity > 1 || l.packageCredits || l.discount > 0 ? (
                  <span className="receipt-detail">
                    {l.quantity} × {money(l.unitPrice)}
                  </span>
                ) : null}
                {l.discount > 0 ? (
                  <span className="receipt-detail">Discount −{money(l.discount)}</span>
                ) : null}
                {l.packageCredits ? (
                  <span className="receipt-detail" data-testid="receipt-line-credits">
                    {l.packageCredits.quantity} package credit{l.packageCredits.quantity === 1 ? '' : 's'} (
                    {l.packageCredits.packageName}){' '}
                    <span className="receipt-nowrap">−{money(l.packageCredits.value)}</span>
                  </span>
                ) : null}
                {l.refundedQuantity > 0 ? (
                  <span className="receipt-detail">{l.refundedQuantity} given back</span>
                ) : null}
              </td>
              <td className="num" data-testid="receipt-line-amount">
                {money(l.amount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <dl className="receipt-sums">
        <dt>Subtotal</dt>
        <dd data-testid="receipt-subtotal">{money(r.subtotal)}</dd>
        {r.pricesIncludeTax ? null : (
          <>
            <dt>Tax</dt>
            <dd data-testid="receipt-tax">{money(r.tax)}</dd>
          </>
        )}
        <dt className="receipt-total">Total</dt>
        <dd className="receipt-total" data-testid="receipt-total">
          {money(r.total)}
        </dd>
        {r.pricesIncludeTax ? (
          <>
            <dt>Includes tax</dt>
            <dd data-testid="receipt-tax">{money(r.tax)}</dd>
          </>
        ) : null}
      </dl>

      <dl className="receipt-sums" aria-label="Paid">
        {r.tenders.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: tenders have no id of their own here
          <Fragment key={i}>
            <dt data-testid="receipt-tender-label">{t.label}</dt>
            <dd data-testid="receipt-tender">{money(t.tendered)}</dd>
          </Fragment>
        ))}
        {r.tenders.length === 0 ? (
          <>
            <dt>Paid with package credits</dt>
            <dd>{money(0)}</dd>
          </>
        ) : null}
        <dt>Change</dt>
        <dd data-testid="receipt-change">{money(r.change)}</dd>
        {r.refunded > 0 ? (
          <>
            <dt>Refunded since</dt>
            <dd data-testid="receipt-refunded">{money(r.refunded)}</dd>
          </>
        ) : null}
      </dl>

      {r.giftCardsActivated.length > 0 ? (
        <section className="receipt-section" aria-labelledby="receipt-gift-cards-title">
          <h2 id="receipt-gift-cards-title">Gift cards activated</h2>
          <ul data-testid="receipt-gift-cards">
            {r.giftCardsActivated.map((g) => (
              <li key={g.maskedCode}>
                <span>
                  {g.kind === 'physical' ? 'Gift card' : 'eGift card'} {g.maskedCode}
                </span>
                <span>{money(g.amount)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {r.packageCreditsUsed.length > 0 ? (
        <section className="receipt-section" aria-labelledby="receipt-credits-title">
          <h2 id="receipt-credits-title">Package credits used</h2>
          <ul data-testid="receipt-package-credits">
            {r.packageCreditsUsed.map((c) => (
              <li key={`${c.packageName}-${c.itemName}`}>
                <span>
                  {c.packageName}: {c.quantity} × {c.itemName}
                </span>
                <span>{money(c.value)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <p className="receipt-thanks">Thank you for your visit.</p>
    </article>
  );
}

/**
 * The till roll's page length: the receipt's own height and the margins, so that it prints as one
 * page (the roll's length is whatever the receipt needs). The A4 format keeps its paper size.
 */
function useRollLength(format: ReceiptFormat) {
  const ref = useRef<HTMLElement>(null);
  const [mm, setMm] = useState(0);
  useLayoutEffect(() => {
    const node = ref.current;
    if (format !== 'roll' || !node) return;
    // The printed height: the receipt without the padding it has on screen only.
    const measure = () => {
      const style = getComputedStyle(node);
      const padding = Number.parseFloat(style.paddingTop) + Number.parseFloat(style.paddingBottom);
      const height = node.getBoundingClientRect().height - padding;
      setMm(Math.ceil(height * MM_PER_PX + 2 * ROLL_MARGIN_MM + 2));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, [format]);
  return { ref, mm: format === 'roll' ? mm : 0 };
}
