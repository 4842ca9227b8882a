import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, type FieldError } from '../api-client.js';
import { ErrorSummary, TextField } from '../components/fields.js';
import { useFormErrors } from '../components/form-errors.js';
import { newPasswordHint, newPasswordProblem } from '../components/new-password.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage } from '../components/status.js';
import { ShopCard } from './shop-layout.js';

const fields = { password: { id: 'reset-password', label: 'New password' } };

/** The link in the password reset email. */
export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<FieldError[]>([]);
  const reset = useMutation({
    mutationFn: () => api<void>('POST', '/api/store/auth/password-reset/confirm', { token, password }),
  });
  const errors = useFormErrors(reset.error, local, fields);
  const linkDead = reset.error instanceof ApiError && reset.error.code === 'invalid_token';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    reset.reset();
    const weak = newPasswordProblem(password);
    setLocal(weak ? [weak] : []);
    if (!weak) reset.mutate();
  };

  if (reset.isSuccess) {
    return (
      <ShopCard titleId="reset-title">
        <h1 id="reset-title">Password changed</h1>
        <p className="notice notice-success" role="status">
          Your new password is set. For your safety you are signed out everywhere.
        </p>
        <p>
          <Link to="/shop/login" className="button button-wide">
            Sign in
          </Link>
        </p>
      </ShopCard>
    );
  }

  return (
    <ShopCard titleId="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      {!token ? (
        <p className="notice notice-error" role="alert">
          This link is missing part of its address. Open the link from the email again.
        </p>
      ) : (
        <form onSubmit={onSubmit} className="stack-tight" noValidate>
          <ErrorSummary errors={errors.summary} />
          {reset.isError && !errors.shownByField ? <ErrorMessage error={reset.error} /> : null}
          <TextField
            {...fields.password}
            value={password}
            onChange={setPassword}
            error={errors.byPath.password}
            hint={newPasswordHint}
            input={{ type: 'password', autoComplete: 'new-password', maxLength: 128, required: true }}
          />
          <button type="submit" className="button button-wide" disabled={reset.isPending || linkDead}>
            {reset.isPending ? 'Saving…' : 'Set new password'}
          </button>
        </form>
      )}
      <p className="shop-aside">
        {linkDead || !token ? (
          <Link to="/shop/forgot-password">Ask for a new link</Link>
        ) : (
          <>
            Remembered it? <Link to="/shop/login">Sign in</Link>
          </>
        )}
      </p>
    </ShopCard>
  );
}
