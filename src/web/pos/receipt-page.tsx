import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import type { Receipt as ReceiptData } from '../../contracts/receipts.js';
import { api } from '../api-client.js';
import { usePageTitle } from '../components/page-title.js';
import { Receipt, type ReceiptFormat } from '../components/receipt.js';
import { ErrorMessage, Loading } from '../components/status.js';

/**
 * A sale's receipt to print: on the till roll (the default at the register) or on A4
 * (`?format=a4`, from the order page). Back goes where the receipt was opened from.
 */
export function ReceiptPage() {
  const { orderId = '' } = useParams();
  const [params] = useSearchParams();
  const location = useLocation();
  const format: ReceiptFormat = params.get('format') === 'a4' ? 'a4' : 'roll';
  const back = (location.state as { back?: string } | null)?.back ?? '/pos';
  const receipt = useQuery({
    queryKey: ['orders', 'receipt', orderId],
    queryFn: () => api<ReceiptData>('GET', `/api/pos/orders/${encodeURIComponent(orderId)}/receipt`),
  });
  usePageTitle(receipt.data ? `Receipt #${receipt.data.number}` : 'Receipt');
  if (receipt.isPending) return <Loading what="the receipt" />;
  if (receipt.isError) return <ErrorMessage error={receipt.error} />;
  const other: ReceiptFormat = format === 'a4' ? 'roll' : 'a4';
  return (
    <>
      <Receipt receipt={receipt.data} format={format} />
      <div className="form-actions no-print receipt-actions">
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
        <Link
          to={`?format=${other}`}
          state={location.state}
          replace
          className="button button-secondary"
          aria-label={other === 'a4' ? 'Show on A4' : 'Show on the till roll'}
        >
          {other === 'a4' ? 'A4' : 'Till roll'}
        </Link>
        <Link to={back} className="button button-secondary">
          {back === '/pos' ? 'Back to the register' : 'Back to the order'}
        </Link>
      </div>
    </>
  );
}
