import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, type Customer } from '../api-client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, StatusMessage } from '../components/status.js';
import { accountKey, accountReturnPath, shopKey } from './account-session.js';
import { ShopCard } from './shop-layout.js';

/** What the page before may want said here: "You are signed out", "Your password is changed". */
const noticeOf = (state: unknown): string => {
  const notice = (state as { notice?: unknown } | null)?.notice;
  return typeof notice === 'string' ? notice : '';
};

export function ShopLoginPage() {
  usePageTitle('Sign in');
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const signIn = useMutation({
    mutationFn: () =>
      api<{ customer: Customer }>('POST', '/api/store/auth/login', { email: email.trim(), password }),
    onSuccess: ({ customer }) => {
      // Nothing cached for a previous customer may show to this one.
      queryClient.removeQueries({ queryKey: shopKey });
      queryClient.setQueryData(accountKey, customer);
      navigate(accountReturnPath(location.state), { replace: true });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };

  return (
    <ShopCard titleId="shop-login-title">
      <h1 id="shop-login-title">Sign in</h1>
      <p className="muted">Sign in to your account.</p>
      <StatusMessage>{signIn.isIdle ? noticeOf(location.state) : ''}</StatusMessage>
      <form onSubmit={onSubmit} className="stack-tight">
        <div className="field">
          <label htmlFor="shop-login-email">Email</label>
          <input
            id="shop-login-email"
            type="email"
            autoComplete="username"
            spellCheck={false}
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="shop-login-password">Password</label>
          <input
            id="shop-login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {signIn.isError ? <ErrorMessage error={signIn.error} /> : null}
        <button type="submit" className="button button-wide" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ul className="shop-links">
        <li>
          <Link to="/shop/forgot-password">Forgot your password?</Link>
        </li>
        <li>
          New here? <Link to="/shop/register">Create an account</Link>
        </li>
      </ul>
    </ShopCard>
  );
}
