import { useMutation } from '@tanstack/react-query';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isSignedOut } from '../account/account-frame.js';
import { ApiError, api } from '../api-client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useAccount } from './account-session.js';
import { ShopCard } from './shop-layout.js';

/** After a guest's checkout: the order's number, where the receipt went, and an invitation to sign up. */
export function GuestOrderPlacedPage() {
  usePageTitle('Thank you for your order');
  const placed = useLocation().state as { number?: number; email?: string } | null;
  if (!placed?.number) return <Navigate to="/shop" replace />;
  const email = placed.email ?? '';
  return (
    <ShopCard titleId="placed-title">
      <h1 id="placed-title">Thank you for your order #{placed.number}</h1>
      <p className="notice notice-success" role="status">
        Your order is placed. The receipt is on its way to <strong>{email}</strong>.
      </p>
      <p>
        Create an account with this email to see this order and follow it, and to check out faster next time.
      </p>
      <p>
        <Link to={`/shop/register?email=${encodeURIComponent(email)}`} className="button button-wide">
          Create my account
        </Link>
      </p>
      <p className="shop-aside">
        <Link to="/shop">Back to the shop</Link>
      </p>
    </ShopCard>
  );
}

/**
 * The link in the receipt of an order placed without signing in with the email of an account:
 * once signed in to that account, adds the order to it.
 */
export function ClaimOrderPage() {
  usePageTitle('Add an order to your account');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const here = `/shop/claim-order?token=${encodeURIComponent(token)}`;
  const account = useAccount();
  const navigate = useNavigate();
  const claim = useMutation({
    mutationFn: () => api<{ orderId: string }>('POST', '/api/store/account/orders/claim', { token }),
    onSuccess: ({ orderId }) => navigate(`/account/orders/${encodeURIComponent(orderId)}`),
  });

  if (account.isPending) return <Loading what="your account" />;
  const signedOut = account.isError && isSignedOut(account.error);
  return (
    <ShopCard titleId="claim-title">
      <h1 id="claim-title">Add an order to your account</h1>
      {!token ? (
        <p className="notice notice-error" role="alert">
          This link is missing part of its address. Open the link from the receipt again.
        </p>
      ) : signedOut ? (
        <>
          <p>Sign in with the email the order was placed with, then add the order to your account.</p>
          <p>
            <Link to="/shop/login" state={{ from: here }} className="button button-wide">
              Sign in
            </Link>
          </p>
          <p className="shop-aside">
            No account yet? <Link to="/shop/register">Create one</Link> with that email, then open the link
            again.
          </p>
        </>
      ) : account.isError ? (
        <ErrorMessage error={account.error} />
      ) : (
        <>
          <p>
            You are signed in as <strong>{account.data.email}</strong>. The order joins this account’s orders.
          </p>
          {claim.isError ? (
            claim.error instanceof ApiError && claim.error.code === 'invalid_token' ? (
              <p className="notice notice-error" role="alert">
                This link is not valid any more, or the order was placed with another email.
              </p>
            ) : (
              <ErrorMessage error={claim.error} />
            )
          ) : null}
          <p>
            <button
              type="button"
              className="button button-wide"
              disabled={claim.isPending}
              onClick={() => claim.mutate()}
            >
              {claim.isPending ? 'Adding…' : 'Add the order to my account'}
            </button>
          </p>
        </>
      )}
    </ShopCard>
  );
}
