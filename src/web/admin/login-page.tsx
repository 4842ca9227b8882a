import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, type StaffUser } from '../api-client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage } from '../components/status.js';

/** Where to go after signing in: the page that sent us here, if it is one of ours. */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/admin';
}

export function LoginPage() {
  usePageTitle('Sign in');
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const signIn = useMutation({
    mutationFn: () => api<{ user: StaffUser }>('POST', '/api/auth/login', { email, password }),
    onSuccess: () => {
      // Nothing cached for a previous session may show to this one.
      queryClient.clear();
      navigate(returnPath(location.state), { replace: true });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };

  return (
    <main id="main" tabIndex={-1} className="standalone">
      <div className="sign-in card">
        <p className="brand">Tandem</p>
        <h1>Sign in</h1>
        <p className="muted">Staff sign-in to the back office.</p>
        <form onSubmit={onSubmit} className="stack">
          <div className="field">
            <label htmlFor="login-email">Email</label>
            <input
              id="login-email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">Password</label>
            <input
              id="login-password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {signIn.isError ? <ErrorMessage error={signIn.error} /> : null}
          <button type="submit" className="button" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
