import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { customerCsvColumns } from '../../contracts/csv-columns.js';
import { api, type Customer, type Page, withQuery } from '../api-client.js';
import { formatDate } from '../components/format.js';
import { ListState } from '../components/list-state.js';
import { LoadMore } from '../components/load-more.js';
import { usePageTitle } from '../components/page-title.js';
import { CsvTransfer } from './csv-transfer.js';
import { canManage, useStaff } from './session.js';

const PAGE_SIZE = 50;

export const customersKey = ['customers'] as const;

export function CustomersPage() {
  usePageTitle('Customers');
  const me = useStaff();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';

  const customers = useInfiniteQuery({
    queryKey: [...customersKey, { q }],
    queryFn: ({ pageParam }) =>
      api<Page<Customer>>(
        'GET',
        withQuery('/api/admin/customers', { limit: PAGE_SIZE, cursor: pageParam, q }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = customers.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section aria-labelledby="customers-title" className="stack">
      <div className="page-header">
        <div>
          <h1 id="customers-title">Customers</h1>
          <p className="muted">Everyone who buys from you, by name.</p>
        </div>
        <div className="header-actions">
          {canManage(me.role) ? (
            <CsvTransfer
              noun="customers"
              importPath="/api/admin/customers/import"
              exportHref={withQuery('/api/admin/customers/export', { q })}
              columns={customerCsvColumns}
              required={['name']}
              matchedBy="email"
              onImported={() => queryClient.invalidateQueries({ queryKey: customersKey })}
            />
          ) : null}
          <Link to="/admin/customers/new" className="button">
            New customer
          </Link>
        </div>
      </div>
      <Search key={q} q={q} onApply={(next) => setParams(next ? { q: next } : {}, { replace: true })} />
      <ListState
        query={customers}
        count={rows.length}
        what="customers"
        empty={q ? 'No customers match this search.' : 'No customers yet.'}
      />
      {rows.length > 0 ? (
        <table className="table responsive-table">
          <caption className="visually-hidden">Customers, by name</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((customer) => (
              <tr key={customer.id}>
                <td data-label="Name">
                  <Link to={`/admin/customers/${encodeURIComponent(customer.id)}`} className="row-title">
                    {customer.name}
                  </Link>
                </td>
                <td data-label="Email" className="wrap-anywhere">
                  {customer.email ?? <span className="muted">—</span>}
                </td>
                <td data-label="Phone">{customer.phone ?? <span className="muted">—</span>}</td>
                <td data-label="Added">
                  <time dateTime={customer.createdAt}>{formatDate(customer.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore query={customers} />
    </section>
  );
}

function Search({ q, onApply }: { q: string; onApply: (q: string) => void }) {
  const [text, setText] = useState(q);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply(text.trim());
  };
  return (
    <search className="filters">
      <form onSubmit={onSubmit} className="inline-form">
        <div className="field grow">
          <label htmlFor="customers-q">Search by name, email or phone</label>
          <input id="customers-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit" className="button button-secondary">
          Search
        </button>
      </form>
    </search>
  );
}
