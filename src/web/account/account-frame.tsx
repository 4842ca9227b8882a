import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, NavLink, useLocation, useNavigate } from 'react-router';
import { ApiError, api } from '../api-client.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { shopKey, useAccount, useShopAbout } from '../shop/account-session.js';

export const isSignedOut = (err: unknown) => err instanceof ApiError && err.status === 401;

/** Where a customer whose session ended is sent: sign in, then back to the page they were on. */
export function useSignInAgain() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return () =>
    navigate('/shop/login', {
      replace: true,
      state: { from: pathname, notice: 'Your session has ended. Sign in again.' },
    });
}

/**
 * A page of My account: its title, who is signed in, signing out, and the other account pages.
 * Not signed in, the customer is sent to sign in and brought back after. A page of the customer
 * portal (`portalPage`: what it shows) says so instead of its content while the shop has the
 * portal switched off, and the portal's pages are left out of the navigation then.
 */
export function AccountFrame({
  title,
  titleId,
  portalPage,
  children,
}: {
  title: string;
  titleId: string;
  portalPage?: string;
  children: ReactNode;
}) {
  usePageTitle(title);
  const account = useAccount();
  const portal = useShopAbout().data?.portal;
  const { pathname } = useLocation();

  if (account.isError && isSignedOut(account.error)) {
    return <Navigate to="/shop/login" replace state={{ from: pathname }} />;
  }
  return (
    <section aria-labelledby={titleId} className="stack">
      <div className="page-header">
        <div>
          <h1 id={titleId}>{title}</h1>
          {account.data ? (
            <p className="muted wrap-anywhere">
              Signed in as <strong>{account.data.email}</strong>
            </p>
          ) : null}
        </div>
        <SignOutButton />
      </div>
      <nav aria-label="My account" className="sub-nav">
        <NavLink to="/account" end>
          Profile
        </NavLink>
        <NavLink to="/account/orders">Orders</NavLink>
        {portal?.enabled ? <NavLink to="/account/cards">Saved cards</NavLink> : null}
        {portal?.enabled && portal.viewRecurring ? (
          <NavLink to="/account/subscriptions">Recurring orders</NavLink>
        ) : null}
        {portal?.enabled ? <NavLink to="/account/packages">Packages</NavLink> : null}
        <NavLink to="/account/gift-cards">Gift cards</NavLink>
      </nav>
      {account.isPending ? <Loading what="your account" /> : null}
      {account.isError ? (
        <>
          <ErrorMessage error={account.error} />
          <button type="button" className="button" onClick={() => account.refetch()}>
            Try again
          </button>
        </>
      ) : null}
      {account.data && portalPage && portal?.enabled === false ? (
        <p className="empty" role="status">
          {portalPage} are not offered by this shop online. Your orders and gift cards are still here; for the
          rest, ask the shop.
        </p>
      ) : account.data ? (
        children
      ) : null}
    </section>
  );
}

function SignOutButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => api<void>('POST', '/api/store/auth/logout'),
    onSuccess: () => {
      navigate('/shop/login', { replace: true, state: { notice: 'You are signed out.' } });
      queryClient.removeQueries({ queryKey: shopKey });
    },
  });
  return (
    <div className="stack-tight">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        {signOut.isPending ? 'Signing out…' : 'Sign out'}
      </button>
      {signOut.isError ? <ErrorMessage error={signOut.error} /> : null}
    </div>
  );
}
