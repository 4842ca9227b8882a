import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, type Customer } from '../api-client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage } from '../components/status.js';
import { ShopCard } from './shop-layout.js';

/** The link in the confirmation email: confirms as soon as it opens. */
export function ConfirmPage() {
  usePageTitle('Confirm your account');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useMutation({
    mutationFn: () =>
      api<{ customer: Customer; passwordToken: string | null }>('POST', '/api/store/auth/confirm', { token }),
  });

  // A link works once: ask once, even when React runs the effect twice.
  const asked = useRef(false);
  const { mutate } = confirm;
  useEffect(() => {
    if (!token || asked.current) return;
    asked.current = true;
    mutate();
  }, [token, mutate]);

  if (!token) {
    return (
      <ShopCard titleId="confirm-title">
        <h1 id="confirm-title">Confirm your account</h1>
        <p className="notice notice-error" role="alert">
          This link is missing part of its address. Open the link from the email again, or sign up again.
        </p>
        <p className="shop-aside">
          <Link to="/shop/register">Sign up again</Link>
        </p>
      </ShopCard>
    );
  }

  if (confirm.isSuccess && confirm.data.passwordToken) {
    // The address was signed up for more than once: the link set no password, its holder chooses it.
    return (
      <ShopCard titleId="confirm-title">
        <h1 id="confirm-title">Choose your password</h1>
        <p className="notice notice-success" role="status">
          Thank you, {confirm.data.customer.name}: your email is confirmed.
        </p>
        <p>
          This address was used to sign up more than once, so no password was kept from the sign-up. Choose
          the password you will sign in with.
        </p>
        <p>
          <Link
            to={`/shop/reset-password?token=${encodeURIComponent(confirm.data.passwordToken)}`}
            className="button button-wide"
          >
            Choose a password
          </Link>
        </p>
      </ShopCard>
    );
  }

  if (confirm.isSuccess) {
    return (
      <ShopCard titleId="confirm-title">
        <h1 id="confirm-title">Your account is ready</h1>
        <p className="notice notice-success" role="status">
          Thank you, {confirm.data.customer.name}: your email is confirmed.
        </p>
        <p>
          <Link to="/shop/login" className="button button-wide">
            Sign in
          </Link>
        </p>
      </ShopCard>
    );
  }

  if (confirm.isError) {
    // 409: the email has an account already, or sits on a shop record that has one (the detail says which).
    const already = confirm.error instanceof ApiError && confirm.error.status === 409;
    return (
      <ShopCard titleId="confirm-title">
        <h1 id="confirm-title">{already ? 'This email is in use' : 'This link did not work'}</h1>
        <ErrorMessage error={confirm.error} />
        {already ? null : <p>Each link works once, for a limited time.</p>}
        <ul className="shop-links">
          <li>
            {already ? null : 'Confirmed already? '}
            <Link to="/shop/login">Sign in</Link>
          </li>
          {already ? null : (
            <li>
              Link too old? <Link to="/shop/register">Sign up again</Link>
            </li>
          )}
        </ul>
      </ShopCard>
    );
  }

  return (
    <ShopCard titleId="confirm-title">
      <h1 id="confirm-title">Confirm your account</h1>
      <p className="muted" role="status" aria-live="polite">
        Confirming your email…
      </p>
    </ShopCard>
  );
}
