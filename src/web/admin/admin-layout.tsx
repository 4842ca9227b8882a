import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError, api, type Me } from '../api-client.js';
import { roleLabel } from '../components/format.js';
import { OnlineOrderAlerts } from '../components/order-alerts.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { canManage, StaffProvider, useMe, useSettings } from './session.js';

/**
 * Waits for the signed-in staff member and hands them to `children`; sends anyone signed out to
 * the sign-in page (and back here after). Shared by the back office and the register.
 */
export function StaffGate({ what, children }: { what: string; children: (me: Me) => ReactNode }) {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) {
    return (
      <main id="main" tabIndex={-1} className="standalone">
        <Loading what={what} />
      </main>
    );
  }
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
    }
    return (
      <main id="main" tabIndex={-1} className="standalone">
        <h1>The {what} could not load</h1>
        <ErrorMessage error={me.error} />
        <button type="button" className="button" onClick={() => me.refetch()}>
          Try again
        </button>
      </main>
    );
  }
  return <StaffProvider value={me.data}>{children(me.data)}</StaffProvider>;
}

export function AdminLayout() {
  return <StaffGate what="back office">{(me) => <Shell me={me} />}</StaffGate>;
}

function Shell({ me }: { me: Me }) {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  // After moving to another page, start reading (and tabbing) from its content, not the old focus.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!pathname) return;
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Header me={me} />
      <div className="shell">
        <nav aria-label="Back office" className="side-nav">
          <ul>
            {canManage(me.role) ? <NavItem to="/admin" end label="Overview" /> : null}
            <NavItem to="/pos" label="Register" />
            <NavItem to="/admin/orders" label="Orders" />
            {canManage(me.role) ? <NavItem to="/admin/items" label="Items" /> : null}
            {canManage(me.role) ? <NavItem to="/admin/low-stock" label="Low stock" /> : null}
            <NavItem to="/admin/customers" label="Customers" />
            <NavItem to="/admin/gift-cards" label="Gift cards" />
            {canManage(me.role) ? <NavItem to="/admin/memberships" label="Memberships" /> : null}
            {canManage(me.role) ? <NavItem to="/admin/payments" label="Payments" /> : null}
            {canManage(me.role) ? <NavItem to="/admin/reports" label="Reports" /> : null}
            {canManage(me.role) ? <NavItem to="/admin/settings" label="Settings" /> : null}
            {canManage(me.role) ? <NavItem to="/admin/mailbox" label="Mailbox" /> : null}
            {me.role === 'owner' ? <NavItem to="/admin/staff" label="Staff" /> : null}
            {me.role === 'owner' ? <NavItem to="/admin/audit-log" label="Audit log" /> : null}
            {me.role === 'owner' ? <NavItem to="/admin/api-tokens" label="API tokens" /> : null}
          </ul>
        </nav>
        <main id="main" tabIndex={-1} ref={mainRef} className="content">
          <Outlet />
        </main>
      </div>
      <OnlineOrderAlerts orderPath={(id) => `/admin/orders/${encodeURIComponent(id)}`} toast />
    </>
  );
}

function NavItem({ to, label, end = false }: { to: string; label: string; end?: boolean }) {
  return (
    <li>
      <NavLink to={to} end={end} className="nav-link">
        {label}
      </NavLink>
    </li>
  );
}

export function Header({ me, children }: { me: Me; children?: ReactNode }) {
  const settings = useSettings();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => api<void>('POST', '/api/auth/logout'),
    onSuccess: () => {
      queryClient.clear();
      navigate('/login', { replace: true });
    },
  });

  return (
    <header className="topbar">
      <div className="topbar-inner">
        <p className="business">
          <span className="brand">Tandem</span>
          <span className="business-name">{settings.data?.businessName ?? '\u00a0'}</span>
        </p>
        {children}
        <div className="user">
          <span className="user-name">{me.name}</span>
          <span className="badge badge-role">{roleLabel[me.role]}</span>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => signOut.mutate()}
            disabled={signOut.isPending}
          >
            Sign out
          </button>
        </div>
      </div>
      {signOut.isError ? (
        <div className="topbar-inner">
          <ErrorMessage error={signOut.error} />
        </div>
      ) : null}
    </header>
  );
}
