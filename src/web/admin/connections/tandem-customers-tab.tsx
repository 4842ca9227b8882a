import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Customer, type Page, withQuery } from '../../api-client.js';
import { ListState } from '../../components/list-state.js';
import { LoadMore } from '../../components/load-more.js';
import { ExportBar } from './export-bar.js';
import { SearchBox } from './search-box.js';
import { SelectAll, useSelection } from './selection.js';

/** Tandem's own customers, to send chosen ones to the cart. */
export function TandemCustomersTab({ connectionId }: { connectionId: string }) {
  const [q, setQ] = useState('');
  const { selected, toggle, setAll, clear } = useSelection();
  const customers = useInfiniteQuery({
    queryKey: ['customers', 'for-cart', { q }],
    queryFn: ({ pageParam }) =>
      api<Page<Customer>>('GET', withQuery('/api/admin/customers', { limit: 50, cursor: pageParam, q })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = customers.data?.pages.flatMap((p) => p.data) ?? [];
  const names = new Map(rows.map((c) => [c.id, c.email ? `${c.name} (${c.email})` : c.name]));

  return (
    <div className="stack">
      <p className="muted">
        Tandem’s customers. Tick those to send to the cart; a customer needs an email there.
      </p>
      <SearchBox
        id="cart-export-customers-q"
        label="Search by name, email or phone"
        value={q}
        onSearch={setQ}
      />
      <ExportBar
        connectionId={connectionId}
        entity="customers"
        selected={selected}
        nameOf={(id) => names.get(id) ?? id}
        onDone={clear}
      />
      <ListState
        query={customers}
        count={rows.length}
        what="customers"
        empty={q ? 'No customers match this search.' : 'No customers yet.'}
      />
      {rows.length > 0 ? (
        <table className="table responsive-table pick-table">
          <caption className="visually-hidden">Tandem customers to export</caption>
          <thead>
            <tr>
              <th scope="col" className="pick">
                <SelectAll
                  ids={rows.map((c) => c.id)}
                  selected={selected}
                  setAll={setAll}
                  label="Select every customer shown"
                />
              </th>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((customer) => (
              <tr key={customer.id}>
                <td className="pick">
                  <input
                    type="checkbox"
                    aria-label={`Select ${customer.name}`}
                    checked={selected.has(customer.id)}
                    onChange={(e) => toggle(customer.id, e.target.checked)}
                  />
                </td>
                <td data-label="Name">
                  <Link to={`/admin/customers/${encodeURIComponent(customer.id)}`} className="row-title">
                    {customer.name}
                  </Link>
                </td>
                <td data-label="Email" className="wrap-anywhere">
                  {customer.email ?? <span className="muted">No email: cannot be sent</span>}
                </td>
                <td data-label="Phone">{customer.phone ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore query={customers} />
    </div>
  );
}
