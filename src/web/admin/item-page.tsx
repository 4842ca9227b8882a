import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { api, type Item, type ItemKind } from '../api-client.js';
import { formatDateTime } from '../components/format.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { ItemEditor } from './item-editor.js';
import { isItemKind, kindLabels } from './item-model.js';
import { ItemPicturePanel } from './item-picture-panel.js';
import { itemsKey } from './items-page.js';
import { canManage, useSettings, useStaff } from './session.js';
import { itemKey, StockPanel } from './stock-panel.js';

function BackToItems() {
  return (
    <p>
      <Link to="/admin/items" className="back-link">
        ← Back to items
      </Link>
    </p>
  );
}

export function NewItemPage() {
  usePageTitle('New item');
  const settings = useSettings();
  const [params] = useSearchParams();
  const rawKind = params.get('kind');
  const kind: ItemKind = isItemKind(rawKind) ? rawKind : 'product';
  return (
    <section aria-labelledby="item-title" className="stack">
      <BackToItems />
      <h1 id="item-title">New item</h1>
      {settings.isPending ? <Loading what="settings" /> : null}
      {settings.isError ? <ErrorMessage error={settings.error} /> : null}
      {settings.data ? (
        <ItemEditor saved={null} initialKind={kind} currency={settings.data.currency} />
      ) : null}
    </section>
  );
}

export function ItemPage() {
  const { itemId = '' } = useParams();
  const location = useLocation();
  const item = useQuery({
    queryKey: itemKey(itemId),
    queryFn: () => api<Item>('GET', `/api/admin/items/${encodeURIComponent(itemId)}`),
  });
  const me = useStaff();
  const manager = canManage(me.role);
  usePageTitle(item.data ? item.data.name : 'Item');
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;

  return (
    <section aria-labelledby="item-title" className="stack">
      <BackToItems />
      {item.isPending ? <Loading what="the item" /> : null}
      {item.isError ? (
        <>
          <h1 id="item-title">Item</h1>
          <ErrorMessage error={item.error} />
        </>
      ) : null}
      {item.data ? (
        <>
          <div>
            <h1 id="item-title">{item.data.name}</h1>
            <p className="title-meta">
              <span className="badge badge-kind">{kindLabels[item.data.kind]}</span>
              {item.data.active ? null : <span className="badge badge-archived">Archived</span>}
              <span className="muted">
                Added <time dateTime={item.data.createdAt}>{formatDateTime(item.data.createdAt)}</time>
              </span>
            </p>
          </div>
          <StatusMessage>{justCreated ? `${kindLabels[item.data.kind]} added.` : ''}</StatusMessage>
          <ItemPicturePanel item={item.data} canChange={manager} />
          {item.data.kind === 'product' && item.data.trackStock ? (
            <StockPanel item={item.data} canChange={manager} />
          ) : null}
          <ItemEditor
            key={item.data.id}
            saved={item.data}
            initialKind={item.data.kind}
            currency={item.data.currency}
          />
          {manager ? <ArchivePanel item={item.data} /> : null}
        </>
      ) : null}
    </section>
  );
}

function ArchivePanel({ item }: { item: Item }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('');
  const toggle = useMutation({
    mutationFn: () =>
      api<Item>('PATCH', `/api/admin/items/${encodeURIComponent(item.id)}`, { active: !item.active }),
    onSuccess: (next) => {
      queryClient.setQueryData(itemKey(next.id), next);
      void queryClient.invalidateQueries({ queryKey: itemsKey });
      setStatus(next.active ? 'Item restored: it is on sale again.' : 'Item archived.');
    },
  });
  return (
    <section className="card stack-tight" aria-labelledby="archive-title">
      <h2 id="archive-title">{item.active ? 'Archive' : 'Archived'}</h2>
      <p className="muted">
        {item.active
          ? 'Archiving takes the item off sale and out of the item list; it stays on past orders and can be restored.'
          : 'This item is off sale. Restoring it puts it back on sale.'}
      </p>
      {toggle.isError ? <ErrorMessage error={toggle.error} /> : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setStatus('');
            toggle.mutate();
          }}
          disabled={toggle.isPending}
        >
          {item.active ? 'Archive item' : 'Restore item'}
        </button>
        <StatusMessage>{status}</StatusMessage>
      </div>
    </section>
  );
}
