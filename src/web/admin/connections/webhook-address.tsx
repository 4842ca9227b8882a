import { useState } from 'react';
import type { Connection } from '../../api-client.js';
import { StatusMessage } from '../../components/status.js';

const howTo: Record<Connection['type'], string> = {
  woocommerce:
    'In WordPress, WooCommerce → Settings → Advanced → Webhooks: add one for each of Order created, Order updated, Product updated and Customer updated, with this delivery URL and the webhook secret saved with this cart. Each change then reaches Tandem at once instead of at the next poll.',
  prestashop: 'PrestaShop sends no webhooks: Tandem asks it for changes every few minutes instead.',
  custom:
    'Give this address to the cart: it tells Tandem of each change here, signed with the token, and Tandem reads the change at once.',
  shopify: 'Shopify webhooks are delivered here once Tandem syncs with Shopify stores.',
};

/** Where the cart delivers its webhooks, to copy into the cart's settings. */
export function WebhookAddress({ connection: c }: { connection: Connection }) {
  const [copied, setCopied] = useState(false);
  const id = `cart-${c.id}-webhook`;
  return (
    <section className="card stack-tight" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Webhooks</h2>
      <div className="field">
        <label htmlFor={id}>Webhook address</label>
        <div className="inline-form">
          <input
            id={id}
            readOnly
            value={c.webhookUrl}
            className="grow"
            spellCheck={false}
            onFocus={(e) => e.target.select()}
            aria-describedby={`${id}-hint`}
          />
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              void navigator.clipboard?.writeText(c.webhookUrl).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            Copy
          </button>
        </div>
        <p className="hint" id={`${id}-hint`}>
          {howTo[c.type]}
        </p>
        <StatusMessage>{copied ? 'Webhook address copied.' : ''}</StatusMessage>
      </div>
    </section>
  );
}
