import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Connection } from '../../api-client.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorMessage } from '../../components/status.js';
import { connectionsKey } from './connection-model.js';

/** Removes the cart: only once auto-sync is stopped; what came from it stays in Tandem. */
export function RemoveConnection({ connection }: { connection: Connection }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api<null>('DELETE', `/api/admin/connections/${encodeURIComponent(connection.id)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: connectionsKey });
      void navigate('/admin/settings/carts');
    },
  });
  const running = connection.syncStatus === 'RUNNING';
  return (
    <section className="card stack-tight" aria-labelledby="remove-cart-title">
      <h2 id="remove-cart-title">Remove this cart</h2>
      <p className="muted">
        {running
          ? 'Stop auto-sync first. '
          : 'Its keys, links and sync log are removed; the orders, customers and items that came from it stay. '}
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button button-danger"
          disabled={running}
          onClick={() => setOpen(true)}
        >
          Remove cart
        </button>
      </div>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Remove ${connection.name}?`}>
        <p>
          Tandem stops hearing from this cart and sending it stock. Orders already imported stay, pending ones
          can still be confirmed.
        </p>
        {remove.isError ? <ErrorMessage error={remove.error} /> : null}
        <div className="form-actions">
          <button
            type="button"
            className="button button-danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            {remove.isPending ? 'Removing…' : 'Remove cart'}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
            Keep it
          </button>
        </div>
      </Dialog>
    </section>
  );
}
