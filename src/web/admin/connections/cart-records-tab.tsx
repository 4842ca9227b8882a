import type { CartListRow } from '../../api-client.js';
import { formatDateTime } from '../../components/format.js';
import { ListState } from '../../components/list-state.js';
import { formatMoney } from '../../components/money.js';
import { BatchProgress } from './batch-progress.js';
import { CartPager, ImportBar, LinkedTo, SelectReadable, UnreadableCell, useCartRows } from './cart-list.js';
import { SearchBox } from './search-box.js';

type Entity = 'orders' | 'customers';

const words: Record<Entity, { search: string; hint: string; caption: string; empty: string }> = {
  orders: {
    search: 'Search the cart’s orders',
    hint: 'Orders come in as PENDING documents; one the cart has not been paid for is skipped.',
    caption: 'The cart’s orders',
    empty: 'The cart has no orders here.',
  },
  customers: {
    search: 'Search the cart’s customers',
    hint: 'Create adds them to Tandem; Link joins them to the Tandem customer with the same email.',
    caption: 'The cart’s customers',
    empty: 'The cart has no customers here.',
  },
};

const nameOf = (row: CartListRow): string =>
  row.order
    ? `Order #${row.order.number}`
    : row.customer
      ? `${row.customer.name} (${row.customer.email})`
      : `Record ${row.externalId}`;

/** What the cart has (orders or customers), a page at a time, to import chosen ones into Tandem. */
export function CartRecordsTab({ connectionId, entity }: { connectionId: string; entity: Entity }) {
  const { page, rows, selected, toggle, setAll, batch, importChosen } = useCartRows(connectionId, entity);
  const known = new Map(rows.map((r) => [r.externalId, nameOf(r)]));
  const w = words[entity];

  return (
    <div className="stack">
      <SearchBox id={`cart-${entity}-q`} label={w.search} value={page.q} onSearch={page.search} />
      <ImportBar
        entity={entity}
        count={selected.size}
        busy={batch.running}
        hint={w.hint}
        onImport={(mode, dryRun) => void importChosen([...selected], mode, dryRun, () => ({}))}
      />
      <BatchProgress batch={batch} doing="Importing" nameOf={(id) => known.get(id) ?? `Record ${id}`} />
      <ListState query={page.query} count={rows.length} what="what the cart has" empty={w.empty} />
      {rows.length > 0 ? (
        <table className="table responsive-table pick-table">
          <caption className="visually-hidden">{w.caption}</caption>
          <thead>
            <tr>
              <SelectReadable
                rows={rows}
                selected={selected}
                setAll={setAll}
                label="Select every record shown"
              />
              {entity === 'orders' ? <OrderHeadings /> : <CustomerHeadings />}
              <th scope="col">In Tandem</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.externalId}>
                <td className="pick">
                  <input
                    type="checkbox"
                    aria-label={`Select ${nameOf(row)}`}
                    checked={selected.has(row.externalId)}
                    disabled={row.error !== null}
                    onChange={(e) => toggle(row.externalId, e.target.checked)}
                  />
                </td>
                {row.error ? (
                  <UnreadableCell id={row.externalId} why={row.error} colSpan={entity === 'orders' ? 4 : 3} />
                ) : entity === 'orders' ? (
                  <OrderCells row={row} />
                ) : (
                  <CustomerCells row={row} />
                )}
                <td data-label="In Tandem">
                  <LinkedTo row={row} entity={entity} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CartPager page={page} label={w.caption} />
    </div>
  );
}

function OrderHeadings() {
  return (
    <>
      <th scope="col">Order</th>
      <th scope="col">Customer</th>
      <th scope="col">Status in the cart</th>
      <th scope="col" className="num">
        Total
      </th>
    </>
  );
}

function OrderCells({ row }: { row: CartListRow }) {
  const o = row.order;
  if (!o) return <td colSpan={4} />;
  return (
    <>
      <td data-label="Order">
        <span className="row-title">#{o.number}</span>
        <span className="row-meta">
          {' '}
          · <time dateTime={o.createdAt}>{formatDateTime(o.createdAt)}</time> · {o.lines} line
          {o.lines === 1 ? '' : 's'}
        </span>
      </td>
      <td data-label="Customer" className="wrap-anywhere">
        {o.customerName ?? o.customerEmail ?? <span className="muted">Guest</span>}
      </td>
      <td data-label="Status in the cart">{o.cartStatus}</td>
      <td data-label="Total" className="num">
        {formatMoney(o.total, o.currency)}
      </td>
    </>
  );
}

function CustomerHeadings() {
  return (
    <>
      <th scope="col">Name</th>
      <th scope="col">Email</th>
      <th scope="col">Phone</th>
    </>
  );
}

function CustomerCells({ row }: { row: CartListRow }) {
  const c = row.customer;
  if (!c) return <td colSpan={3} />;
  return (
    <>
      <td data-label="Name">
        <span className="row-title">{c.name}</span>
        {c.address ? <span className="row-meta"> · {c.address.city}</span> : null}
      </td>
      <td data-label="Email" className="wrap-anywhere">
        {c.email}
      </td>
      <td data-label="Phone">{c.phone ?? <span className="muted">—</span>}</td>
    </>
  );
}
