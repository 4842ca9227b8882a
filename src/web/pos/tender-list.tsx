import type { Tender } from './cart-model.js';

/**
 * The payments taken so far. A card payment is charged only when the sale is completed, so it says
 * "to charge"; a refusal of the sale is shown beside the payment it concerns.
 */
export function TenderList({
  tenders,
  money,
  errors,
  onRemove,
  disabled,
}: {
  tenders: Tender[];
  money: (minor: number) => string;
  errors: Record<string, string>;
  onRemove: (key: string) => void;
  disabled: boolean;
}) {
  if (tenders.length === 0) return null;
  return (
    <ul className="tender-list" aria-label="Payments">
      {tenders.map((t) => {
        const error = errors[t.key];
        return (
          <li key={t.key} className={error ? 'tender tender-refused' : 'tender'}>
            <span>
              {t.label}
              {t.method === 'card' ? <span className="row-meta"> · to charge</span> : null}
              {t.giftCard ? (
                <span className="row-meta"> · {money(t.giftCard.balance)} on the card</span>
              ) : null}
            </span>
            <span>{money(t.amount)}</span>
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label={`Remove ${t.label} payment`}
              onClick={() => onRemove(t.key)}
              disabled={disabled}
            >
              Remove
            </button>
            {error ? (
              <p className="field-error tender-error" role="alert">
                {error}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
