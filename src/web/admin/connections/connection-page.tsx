import { useLocation, useParams } from 'react-router';
import type { Connection } from '../../api-client.js';
import { DetailFrame } from '../../components/detail-frame.js';
import { usePageTitle } from '../../components/page-title.js';
import { StatusMessage } from '../../components/status.js';
import { AutoSyncTab } from './auto-sync-tab.js';
import { CartItemsTab } from './cart-items-tab.js';
import { CartRecordsTab } from './cart-records-tab.js';
import { useConnection, useSyncRunEvents } from './connection-hooks.js';
import { cartTypeLabels } from './connection-model.js';
import { SyncStatusBadge } from './connections-page.js';
import { ImportedOrdersTab } from './imported-orders-tab.js';
import { SettingsNav } from './settings-nav.js';
import { SyncLogTab } from './sync-log-tab.js';
import { TandemCustomersTab } from './tandem-customers-tab.js';
import { TandemItemsTab } from './tandem-items-tab.js';
import { UrlTabs } from './url-tabs.js';
import './connections.css';

/** One cart connection: its auto-sync, what came from it, what it has, and its sync log, a tab each. */
export function ConnectionPage() {
  const { connectionId = '' } = useParams();
  const location = useLocation();
  const connection = useConnection(connectionId);
  useSyncRunEvents(connectionId);
  usePageTitle(connection.data ? connection.data.name : 'Shopping cart');
  const justAdded = (location.state as { created?: boolean } | null)?.created === true;

  return (
    <>
      <SettingsNav />
      <DetailFrame
        titleId="cart-title"
        back={{ to: '/admin/settings/carts', label: 'Back to shopping carts' }}
        what="the cart"
        title="Shopping cart"
        query={connection}
      >
        {(c) => (
          <>
            <div className="page-header">
              <div>
                <h1 id="cart-title">{c.name}</h1>
                <p className="title-meta muted">
                  <span>{cartTypeLabels[c.type]}</span> <span className="wrap-anywhere">{c.url}</span>{' '}
                  <SyncStatusBadge status={c.syncStatus} />
                </p>
              </div>
            </div>
            <StatusMessage>
              {justAdded ? 'Cart added. Test the connection, then start auto-sync.' : ''}
            </StatusMessage>
            {c.stoppedReason ? <p className="notice notice-warning">{c.stoppedReason}</p> : null}
            <ConnectionTabs connection={c} />
          </>
        )}
      </DetailFrame>
    </>
  );
}

function ConnectionTabs({ connection }: { connection: Connection }) {
  const id = connection.id;
  return (
    <UrlTabs
      idPrefix="cart"
      label={`${connection.name}: what to see`}
      tabs={[
        { id: 'auto-sync', label: 'Auto-sync', render: () => <AutoSyncTab connection={connection} /> },
        { id: 'orders', label: 'Orders', render: () => <ImportedOrdersTab connectionId={id} /> },
        { id: 'items', label: 'Items', render: () => <TandemItemsTab connectionId={id} /> },
        { id: 'customers', label: 'Customers', render: () => <TandemCustomersTab connectionId={id} /> },
        {
          id: 'cart-orders',
          label: 'Orders (Cart)',
          render: () => <CartRecordsTab connectionId={id} entity="orders" />,
        },
        { id: 'cart-items', label: 'Items (Cart)', render: () => <CartItemsTab connectionId={id} /> },
        {
          id: 'cart-customers',
          label: 'Customers (Cart)',
          render: () => <CartRecordsTab connectionId={id} entity="customers" />,
        },
        { id: 'log', label: 'Sync log', render: () => <SyncLogTab connectionId={id} /> },
      ]}
    />
  );
}
