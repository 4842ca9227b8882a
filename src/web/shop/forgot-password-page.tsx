import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, type FieldError } from '../api-client.js';
import { ErrorSummary, TextField } from '../components/fields.js';
import { useFormErrors } from '../components/form-errors.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage } from '../components/status.js';
import { ShopCard } from './shop-layout.js';

const fields = { email: { id: 'forgot-email', label: 'Email' } };

export function ForgotPasswordPage() {
  usePageTitle('Forgot your password');
  const [email, setEmail] = useState('');
  const [local, setLocal] = useState<FieldError[]>([]);
  const request = useMutation({
    mutationFn: () =>
      api<{ message: string }>('POST', '/api/store/auth/password-reset', { email: email.trim() }),
  });
  const errors = useFormErrors(request.error, local, fields);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    request.reset();
    const problems: FieldError[] =
      email.trim() === '' ? [{ path: 'email', message: 'must not be empty' }] : [];
    setLocal(problems);
    if (problems.length === 0) request.mutate();
  };

  return (
    <ShopCard titleId="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      <p className="muted">
        Tell us the email you signed up with; we will send a link to choose a new password.
      </p>
      {request.isSuccess ? (
        <p className="notice notice-success" role="status">
          {request.data.message} The link works for 30 minutes.
        </p>
      ) : (
        <form onSubmit={onSubmit} className="stack-tight" noValidate>
          <ErrorSummary errors={errors.summary} />
          {request.isError && !errors.shownByField ? <ErrorMessage error={request.error} /> : null}
          <TextField
            {...fields.email}
            value={email}
            onChange={setEmail}
            error={errors.byPath.email}
            input={{
              type: 'email',
              autoComplete: 'email',
              maxLength: 320,
              spellCheck: false,
              required: true,
            }}
          />
          <button type="submit" className="button button-wide" disabled={request.isPending}>
            {request.isPending ? 'Sending…' : 'Send the link'}
          </button>
        </form>
      )}
      <p className="shop-aside">
        Remembered it? <Link to="/shop/login">Sign in</Link>
      </p>
    </ShopCard>
  );
}
