import { useRef, useState } from 'react';
import type { CartListRow, Item } from '../../api-client.js';
import { ListState } from '../../components/list-state.js';
import { formatMoney, fractionDigits, parseMajor } from '../../components/money.js';
import { useSettings } from '../session.js';
import { BatchProgress } from './batch-progress.js';
import {
  CartPager,
  ImportBar,
  type ImportExtras,
  LinkedTo,
  SelectReadable,
  UnreadableCell,
  useCartRows,
} from './cart-list.js';
import { useItemChoices } from './item-picker.js';
import { SearchBox } from './search-box.js';

interface Draft {
  sku: string;
  cost: string;
  stock: string;
  link: string;
}

const draftOf = (row: CartListRow): Draft => ({
  sku: row.item?.sku ?? '',
  cost: '',
  stock: row.item?.stock === null || row.item?.stock === undefined ? '' : String(row.item.stock),
  link: row.match ?? '',
});

const nameOf = (row: CartListRow | undefined, id: string) => row?.item?.name ?? `Item ${id}`;

/**
 * The cart's items, a page at a time: ticked ones are created in Tandem with the item code, cost
 * and stock level typed on their row, or linked to the Tandem item chosen on it (the one with the
 * same SKU unless another is chosen).
 */
export function CartItemsTab({ connectionId }: { connectionId: string }) {
  const { page, rows, selected, toggle, setAll, batch, importChosen } = useCartRows(connectionId, 'items');
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [linkQ, setLinkQ] = useState('');
  const choices = useItemChoices(linkQ);
  const settings = useSettings();
  const digits = fractionDigits(settings.data?.currency ?? 'USD');
  // Rows of every page seen, so that ticked rows of another page still have their defaults.
  const seen = useRef(new Map<string, CartListRow>());
  for (const r of rows) seen.current.set(r.externalId, r);

  const draft = (id: string): Draft => {
    const row = seen.current.get(id);
    return drafts[id] ?? (row ? draftOf(row) : { sku: '', cost: '', stock: '', link: '' });
  };
  const edit = (id: string, change: Partial<Draft>) =>
    setDrafts((d) => ({ ...d, [id]: { ...draft(id), ...change } }));

  /** The rows to create, as the API takes them; problems by row when some value is not right. */
  const createRows = (ids: string[]) => {
    const out: NonNullable<ImportExtras['rows']> = {};
    const bad: Record<string, string> = {};
    for (const id of ids) {
      const d = draft(id);
      const row: { sku?: string; cost?: number; stock?: number | null } = {};
      if (d.sku.trim() !== '') row.sku = d.sku.trim();
      if (d.cost.trim() !== '') {
        const cost = parseMajor(d.cost, digits);
        if (cost === null) bad[id] = 'The cost must be an amount, such as 4.50.';
        else row.cost = cost;
      }
      if (d.stock.trim() === '') row.stock = null;
      else if (/^\d{1,7}$/.test(d.stock.trim()) && Number(d.stock) <= 1_000_000) row.stock = Number(d.stock);
      else bad[id] = 'The stock level must be a whole number from 0 to 1000000, or blank.';
      out[id] = row;
    }
    return { out, bad };
  };

  const onImport = (mode: 'create' | 'link', dryRun: boolean) => {
    const ids = [...selected];
    if (mode === 'create') {
      const { out, bad } = createRows(ids);
      setProblems(bad);
      if (Object.keys(bad).length > 0) return;
      void importChosen(ids, mode, dryRun, (chunk) => ({
        rows: Object.fromEntries(chunk.map((id) => [id, out[id] ?? {}])),
      }));
      return;
    }
    setProblems({});
    void importChosen(ids, mode, dryRun, (chunk) => {
      const links = Object.fromEntries(chunk.flatMap((id) => (draft(id).link ? [[id, draft(id).link]] : [])));
      return Object.keys(links).length > 0 ? { links } : {};
    });
  };

  const problemCount = Object.keys(problems).length;
  return (
    <div className="stack">
      <SearchBox id="cart-items-q" label="Search the cart’s items" value={page.q} onSearch={page.search} />
      <ImportBar
        entity="items"
        count={selected.size}
        busy={batch.running}
        hint="Create uses each row’s item code, cost and stock level (blank stock: not counted). Link joins each to the Tandem item chosen on its row, or with the same SKU."
        onImport={onImport}
      />
      {problemCount > 0 ? (
        <p className="notice notice-error" role="alert">
          {problemCount === 1 ? 'One row needs' : `${problemCount} rows need`} fixing before they can be
          created:{' '}
          {Object.entries(problems)
            .map(([id, why]) => `${nameOf(seen.current.get(id), id)}: ${why}`)
            .join(' ')}
        </p>
      ) : null}
      <BatchProgress batch={batch} doing="Importing" nameOf={(id) => nameOf(seen.current.get(id), id)} />
      <SearchBox
        id="cart-items-link-q"
        label="Tandem items to link to (find by name or SKU)"
        value={linkQ}
        onSearch={setLinkQ}
      />
      <ListState
        query={page.query}
        count={rows.length}
        what="the cart’s items"
        empty="The cart has no items here."
      />
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="table pick-table cart-items-table">
            <caption className="visually-hidden">The cart’s items</caption>
            <thead>
              <tr>
                <SelectReadable
                  rows={rows}
                  selected={selected}
                  setAll={setAll}
                  label="Select every item shown"
                />
                <th scope="col">Item in the cart</th>
                <th scope="col">In Tandem</th>
                <th scope="col">Item code</th>
                <th scope="col">Cost ({settings.data?.currency ?? ''})</th>
                <th scope="col">Stock level</th>
                <th scope="col">Link to</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <ItemRow
                  key={row.externalId}
                  row={row}
                  draft={draft(row.externalId)}
                  problem={problems[row.externalId]}
                  checked={selected.has(row.externalId)}
                  onCheck={(on) => toggle(row.externalId, on)}
                  onEdit={(change) => edit(row.externalId, change)}
                  choices={choices.data?.data ?? []}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <CartPager page={page} label="The cart’s items" />
    </div>
  );
}

function ItemRow({
  row,
  draft,
  problem,
  checked,
  onCheck,
  onEdit,
  choices,
}: {
  row: CartListRow;
  draft: Draft;
  problem: string | undefined;
  checked: boolean;
  onCheck: (on: boolean) => void;
  onEdit: (change: Partial<Draft>) => void;
  choices: readonly Item[];
}) {
  const item = row.item;
  const name = nameOf(row, row.externalId);
  if (row.error || !item) {
    return (
      <tr>
        <td className="pick">
          <input type="checkbox" aria-label={`Select ${name}`} disabled checked={false} onChange={() => {}} />
        </td>
        <UnreadableCell id={row.externalId} why={row.error ?? 'no item'} colSpan={6} />
      </tr>
    );
  }
  const matchListed = row.match !== null && choices.some((c) => c.id === row.match);
  return (
    <tr className={problem ? 'row-invalid' : undefined}>
      <td className="pick">
        <input
          type="checkbox"
          aria-label={`Select ${name}`}
          checked={checked}
          onChange={(e) => onCheck(e.target.checked)}
        />
      </td>
      <td>
        <span className="row-title">{item.name}</span>
        {item.active ? null : <span className="badge badge-archived">Not for sale</span>}
        <span className="row-meta">
          {' '}
          · {item.sku ?? 'no SKU'} · {formatMoney(item.price, item.currency)} ·{' '}
          {item.stock === null ? 'stock not counted' : `${item.stock} in stock`}
        </span>
      </td>
      <td>
        <LinkedTo row={row} entity="items" />
      </td>
      <td>
        <input
          aria-label={`Item code for ${name}`}
          className="input-code"
          value={draft.sku}
          maxLength={64}
          spellCheck={false}
          onChange={(e) => onEdit({ sku: e.target.value })}
        />
      </td>
      <td>
        <input
          aria-label={`Cost of ${name}`}
          className="input-short"
          inputMode="decimal"
          value={draft.cost}
          aria-invalid={problem?.startsWith('The cost') ? true : undefined}
          onChange={(e) => onEdit({ cost: e.target.value })}
        />
      </td>
      <td>
        <input
          aria-label={`Stock level of ${name}`}
          className="input-short"
          inputMode="numeric"
          value={draft.stock}
          aria-invalid={problem?.startsWith('The stock') ? true : undefined}
          onChange={(e) => onEdit({ stock: e.target.value })}
        />
      </td>
      <td>
        <select
          aria-label={`Tandem item to link ${name} to`}
          value={draft.link}
          onChange={(e) => onEdit({ link: e.target.value })}
        >
          <option value="">By SKU</option>
          {row.match && !matchListed ? <option value={row.match}>Same SKU ({item.sku})</option> : null}
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} · {c.sku}
            </option>
          ))}
        </select>
      </td>
    </tr>
  );
}
