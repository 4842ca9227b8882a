import { Link, useLocation } from 'react-router';

/** Opens the order's receipt on A4, ready to print; its Back link returns here. */
export function PrintReceiptLink({ orderId }: { orderId: string }) {
  const location = useLocation();
  return (
    <Link
      to={`/pos/receipt/${encodeURIComponent(orderId)}?format=a4`}
      state={{ back: location.pathname }}
      className="button button-secondary"
    >
      Print receipt
    </Link>
  );
}
