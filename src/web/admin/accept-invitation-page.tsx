import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, type FieldError, type StaffUser } from '../api-client.js';
import { ErrorSummary, TextField } from '../components/fields.js';
import { useFormErrors } from '../components/form-errors.js';
import { newPasswordHint, newPasswordProblem } from '../components/new-password.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage } from '../components/status.js';

const fields = { password: { id: 'invitation-password', label: 'Password' } };

/** The link in a staff invitation: the new staff member chooses their password. */
export function AcceptInvitationPage() {
  usePageTitle('Accept your invitation');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<FieldError[]>([]);
  const accept = useMutation({
    mutationFn: () => api<{ user: StaffUser }>('POST', '/api/auth/invitation', { token, password }),
  });
  const errors = useFormErrors(accept.error, local, fields);
  const linkDead = accept.error instanceof ApiError && accept.error.code === 'invalid_token';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    accept.reset();
    const weak = newPasswordProblem(password);
    setLocal(weak ? [weak] : []);
    if (!weak) accept.mutate();
  };

  return (
    <main id="main" tabIndex={-1} className="standalone">
      <div className="sign-in card stack-tight">
        <p className="brand">Tandem</p>
        {accept.isSuccess ? (
          <>
            <h1>You are all set</h1>
            <p className="notice notice-success" role="status">
              Your password is saved, {accept.data.user.name}.
            </p>
            <p>
              Sign in with <strong className="wrap-anywhere">{accept.data.user.email}</strong> and your new
              password.
            </p>
            <p>
              <Link to="/login" className="button button-wide">
                Go to sign in
              </Link>
            </p>
          </>
        ) : (
          <>
            <h1>Choose your password</h1>
            <p className="muted">You were invited to the back office. Choose a password to finish.</p>
            {!token ? (
              <p className="notice notice-error" role="alert">
                This link is missing part of its address. Open the link from the invitation email again.
              </p>
            ) : (
              <form onSubmit={onSubmit} className="stack-tight" noValidate>
                <ErrorSummary errors={errors.summary} />
                {accept.isError && !errors.shownByField ? <ErrorMessage error={accept.error} /> : null}
                {linkDead ? <p>Ask the owner to invite you again.</p> : null}
                <TextField
                  {...fields.password}
                  value={password}
                  onChange={setPassword}
                  error={errors.byPath.password}
                  hint={newPasswordHint}
                  input={{ type: 'password', autoComplete: 'new-password', maxLength: 128, required: true }}
                />
                <button type="submit" className="button button-wide" disabled={accept.isPending || linkDead}>
                  {accept.isPending ? 'Saving…' : 'Save password'}
                </button>
              </form>
            )}
          </>
        )}
      </div>
    </main>
  );
}
