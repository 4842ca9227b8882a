import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type Email } from '../api-client.js';
import { ErrorMessage, StatusMessage } from '../components/status.js';

export function SendTestEmail() {
  const queryClient = useQueryClient();
  const [to, setTo] = useState('');
  const [status, setStatus] = useState('');
  const send = useMutation({
    mutationFn: (address: string) => api<Email>('POST', '/api/admin/emails/test', { to: address }),
    onSuccess: (email) => {
      setStatus(
        email.status === 'kept'
          ? `Test email to ${email.to} created and kept in the mailbox.`
          : `Test email to ${email.to} queued for sending.`,
      );
      setTo('');
      return queryClient.invalidateQueries({ queryKey: ['emails'] });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    send.mutate(to.trim());
  };
  const fieldError =
    send.error instanceof ApiError ? send.error.errors.find((e) => e.path === 'to') : undefined;

  return (
    <form onSubmit={onSubmit} className="card stack-tight" aria-labelledby="test-email-title">
      <h2 id="test-email-title">Send a test email</h2>
      <div className="inline-form">
        <div className={fieldError ? 'field grow field-invalid' : 'field grow'}>
          <label htmlFor="test-email-to">Send a test email to</label>
          <input
            id="test-email-to"
            type="email"
            autoComplete="email"
            required
            value={to}
            onChange={(e) => setTo(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
          />
        </div>
        <button type="submit" className="button" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Send test email'}
        </button>
      </div>
      {send.isError ? <ErrorMessage error={send.error} /> : null}
      <StatusMessage>{status}</StatusMessage>
    </form>
  );
}
