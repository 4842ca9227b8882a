import { NavLink, Outlet } from 'react-router';
import { Header, StaffGate } from '../admin/admin-layout.js';
import { canManage } from '../admin/session.js';
import { OnlineOrderAlerts } from '../components/order-alerts.js';

/** The register's screen: the sale, the transactions, and an alert when an online order comes in. */
export function PosLayout() {
  return (
    <StaffGate what="register">
      {(me) => (
        <>
          <a className="skip-link" href="#main">
            Skip to main content
          </a>
          <Header me={me}>
            <nav aria-label="Register" className="pos-nav">
              <NavLink to="/pos" end>
                Sale
              </NavLink>
              <NavLink to="/pos/transactions">Transactions</NavLink>
              {canManage(me.role) ? (
                <NavLink to="/admin">Back office</NavLink>
              ) : (
                <NavLink to="/admin/customers">Customers</NavLink>
              )}
            </nav>
          </Header>
          <main id="main" tabIndex={-1} className="pos-main stack-tight">
            <OnlineOrderAlerts orderPath={(id) => `/pos/orders/${encodeURIComponent(id)}`} />
            <Outlet />
          </main>
        </>
      )}
    </StaffGate>
  );
}
