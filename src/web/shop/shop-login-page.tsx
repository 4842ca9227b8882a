import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Customer } from '../api-client.js';
import { usePageTitle } from '../components/page-title.js';
import { returnPath, SignInForm } from '../components/sign-in-form.js';
import { StatusMessage } from '../components/status.js';
import { accountKey, shopKey } from './account-session.js';
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
  const [tried, setTried] = useState(false);
  return (
    <ShopCard titleId="shop-login-title">
      <h1 id="shop-login-title">Sign in</h1>
      <p className="muted">Sign in to your account.</p>
      <StatusMessage>{tried ? '' : noticeOf(location.state)}</StatusMessage>
      <SignInForm<{ customer: Customer }>
        idPrefix="shop-login"
        endpoint="/api/store/auth/login"
        className="stack-tight"
        buttonClassName="button button-wide"
        onAttempt={() => setTried(true)}
        onSignedIn={({ customer }) => {
          // Nothing cached for a previous customer may show to this one.
          queryClient.removeQueries({ queryKey: shopKey });
          queryClient.setQueryData(accountKey, customer);
          navigate(returnPath(location.state, '/account'), { replace: true });
        }}
      />
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
