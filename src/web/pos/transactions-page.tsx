import { useSearchParams } from 'react-router';
import { OrderTable, useOrderPages } from '../components/order-list.js';
import { usePageTitle } from '../components/page-title.js';

const tabs = [
  { value: 'in_store', label: 'In Store' },
  { value: 'online', label: 'Online' },
] as const;

/** The register's transactions: its own sales, and orders from the shop and the carts. */
export function TransactionsPage() {
  usePageTitle('Transactions');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'online' ? 'online' : 'in_store';
  const orders = useOrderPages('/api/pos/transactions', { tab });
  return (
    <section aria-labelledby="transactions-title" className="stack">
      <h1 id="transactions-title">Transactions</h1>
      <div className="tab-list" role="tablist" aria-label="Channel">
        {tabs.map((t) => (
          <button
            key={t.value}
            type="button"
            role="tab"
            id={`tab-${t.value}`}
            aria-selected={tab === t.value}
            aria-controls="transactions-panel"
            className="tab"
            onClick={() => setParams({ tab: t.value }, { replace: true })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="transactions-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="tab-panel">
        <OrderTable
          query={orders}
          orderPath={(id) => `/pos/orders/${encodeURIComponent(id)}`}
          caption={tab === 'online' ? 'Online orders, newest first' : 'Sales at the register, newest first'}
          empty={tab === 'online' ? 'No online orders yet.' : 'No sales yet.'}
          canConfirm={false}
        />
      </div>
    </section>
  );
}
