import { useMutation } from '@tanstack/react-query';
import { api, type GatewayTest } from '../api-client.js';
import { usePaymentsConfig } from '../components/card-form.js';
import { ErrorMessage, Loading } from '../components/status.js';

/** Which card gateway Tandem talks to, and a check that its credentials are accepted. */
export function GatewayPanel({ canTest }: { canTest: boolean }) {
  const config = usePaymentsConfig();
  const test = useMutation({
    mutationFn: () => api<GatewayTest>('POST', '/api/admin/payments/gateway-test'),
  });

  return (
    <section className="card stack-tight" aria-labelledby="gateway-title">
      <h2 id="gateway-title">Card gateway</h2>
      {config.isPending ? <Loading what="the gateway" /> : null}
      {config.isError ? <ErrorMessage error={config.error} /> : null}
      {config.data ? (
        <>
          <p>
            {config.data.gateway === 'sandbox' ? (
              <>
                <strong>Sandbox</strong>: a test gateway inside Tandem that answers as CardPointe does. No
                real card is charged. Set <code>PAYMENT_GATEWAY=cardpointe</code> and the{' '}
                <code>CARDPOINTE_*</code> variables to take real payments.
              </>
            ) : (
              <>
                <strong>CardPointe</strong>: payments go to CardConnect’s gateway with the merchant account
                set in the <code>CARDPOINTE_*</code> variables.
              </>
            )}
          </p>
          {config.data.cardProcessing ? null : (
            <p className="notice notice-info">
              Card processing is switched off above: no card payment is taken until it is on.
            </p>
          )}
        </>
      ) : null}
      {canTest ? (
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            disabled={test.isPending}
            onClick={() => test.mutate()}
          >
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {test.data ? (
          <p className={test.data.ok ? 'notice notice-success' : 'notice notice-error'}>
            {test.data.ok ? 'Connected. ' : 'Not connected. '}
            {test.data.detail}
          </p>
        ) : null}
      </div>
      {test.isError ? <ErrorMessage error={test.error} /> : null}
    </section>
  );
}
