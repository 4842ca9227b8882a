import { useParams } from 'react-router';
import { canManage, useStaff } from '../admin/session.js';
import { OrderView } from '../components/order-view.js';

export function PosOrderPage() {
  const { orderId = '' } = useParams();
  const me = useStaff();
  return (
    <OrderView
      orderId={orderId}
      backTo={{ path: '/pos/transactions?tab=online', label: 'Back to transactions' }}
      canRefund={canManage(me.role)}
      customerPath={(id) => `/admin/customers/${encodeURIComponent(id)}`}
    />
  );
}
