import { useParams } from 'react-router';
import { DateRangeFields } from '../components/fields.js';
import { FilterButtons, FilterSelect } from '../components/filter-fields.js';
import { OrderTable, useOrderPages } from '../components/order-list.js';
import { channelLabels, fulfillmentLabels, orderPaymentLabels } from '../components/order-model.js';
import { OrderView } from '../components/order-view.js';
import { usePageTitle } from '../components/page-title.js';
import { type FilterFormProps, useFilterForm, useUrlFilters } from '../components/url-filters.js';
import { canManage, useStaff } from './session.js';

const filterNames = [
  'state',
  'channel',
  'paymentStatus',
  'fulfillmentStatus',
  'delivery',
  'refunded',
  'from',
  'to',
  'q',
] as const;
const deliveryLabels = { shipping: 'Shipping', pickup: 'Pick-up' } as const;
const refundedLabels = { true: 'Some given back' } as const;
type Filters = Record<(typeof filterNames)[number], string>;

export function OrdersPage() {
  usePageTitle('Orders');
  const { filters, set, filtered, apply, clear } = useUrlFilters(filterNames);
  const orders = useOrderPages('/api/admin/orders', set);
  return (
    <section aria-labelledby="orders-title" className="stack">
      <div className="page-header">
        <div>
          <h1 id="orders-title">Orders</h1>
          <p className="muted">
            Every order from the register, the shop and the carts, newest first. Orders from a cart stay
            Pending until confirmed.
          </p>
        </div>
      </div>
      <OrderFilters
        key={JSON.stringify(filters)}
        filters={filters}
        filtered={filtered}
        onApply={apply}
        onClear={clear}
      />
      <OrderTable
        query={orders}
        orderPath={(id) => `/admin/orders/${encodeURIComponent(id)}`}
        caption="Orders, newest first"
        empty={filtered ? 'No orders match these filters.' : 'No orders yet.'}
        canConfirm
      />
    </section>
  );
}

function OrderFilters({ filters, filtered, onApply, onClear }: FilterFormProps<Filters>) {
  const { form, setForm, set, onSubmit } = useFilterForm(filters, onApply);
  const select = (
    name: 'channel' | 'paymentStatus' | 'fulfillmentStatus' | 'delivery' | 'refunded',
    label: string,
    options: Record<string, string>,
  ) => (
    <FilterSelect
      id={`orders-${name}`}
      label={label}
      value={form[name]}
      options={options}
      onChange={set(name)}
    />
  );
  return (
    <search className="filters">
      <form onSubmit={onSubmit} className="inline-form">
        <div className="field grow">
          <label htmlFor="orders-q">Order number, customer or email</label>
          <input
            id="orders-q"
            type="search"
            value={form.q}
            onChange={(e) => set('q')(e.target.value)}
            maxLength={100}
          />
        </div>
        <div className="field">
          <label htmlFor="orders-state">State</label>
          <select id="orders-state" value={form.state} onChange={(e) => set('state')(e.target.value)}>
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value="confirmed">Confirmed</option>
          </select>
        </div>
        {select('channel', 'Channel', channelLabels)}
        {select('paymentStatus', 'Payment', orderPaymentLabels)}
        {select('fulfillmentStatus', 'Fulfilment', fulfillmentLabels)}
        {select('delivery', 'Delivery', deliveryLabels)}
        {select('refunded', 'Refunds', refundedLabels)}
        <DateRangeFields
          idPrefix="orders"
          from={form.from}
          to={form.to}
          onChange={(range) => setForm((f) => ({ ...f, ...range }))}
        />
        <FilterButtons filtered={filtered} onClear={onClear} />
      </form>
    </search>
  );
}

export function AdminOrderPage() {
  const { orderId = '' } = useParams();
  const me = useStaff();
  return (
    <OrderView
      orderId={orderId}
      backTo={{ path: '/admin/orders', label: 'Back to orders' }}
      canRefund={canManage(me.role)}
      customerPath={(id) => `/admin/customers/${encodeURIComponent(id)}`}
    />
  );
}
