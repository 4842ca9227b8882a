import { useState } from 'react';
import { OrderTable, useOrderPages } from '../../components/order-list.js';

export const stateChoices = [
  { value: '', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'confirmed', label: 'Confirmed' },
] as const;
export type StateChoice = (typeof stateChoices)[number]['value'];

/** All / Pending / Confirmed, as a row of toggle buttons. */
export function StateFilter({
  value,
  onChange,
  label = 'Show',
}: {
  value: string;
  onChange: (state: StateChoice) => void;
  label?: string;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not form fields to submit
    <div role="group" aria-label={label} className="state-filter">
      {stateChoices.map((s) => (
        <button
          key={s.value}
          type="button"
          className="button button-small button-secondary"
          aria-pressed={value === s.value}
          onClick={() => onChange(s.value)}
        >
          {s.label}
        </button>
      ))}
    </div>
  );
}

/** The orders this cart brought into Tandem, newest first; pending ones confirmed from here. */
export function ImportedOrdersTab({ connectionId }: { connectionId: string }) {
  const [state, setState] = useState<StateChoice>('');
  const orders = useOrderPages('/api/admin/orders', { connectionId, state: state || undefined });
  return (
    <div className="stack">
      <div className="page-header">
        <p className="muted">
          Orders imported from this cart. Each is PENDING until confirmed: only then does it take stock and
          count in reports.
        </p>
        <StateFilter value={state} onChange={setState} />
      </div>
      <OrderTable
        query={orders}
        orderPath={(id) => `/admin/orders/${encodeURIComponent(id)}`}
        caption="Orders imported from this cart, newest first"
        empty={
          state === 'pending'
            ? 'No pending orders from this cart.'
            : state === 'confirmed'
              ? 'No confirmed orders from this cart.'
              : 'No orders from this cart yet.'
        }
        canConfirm
      />
    </div>
  );
}
