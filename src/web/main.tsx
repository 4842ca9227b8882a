import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { MyGiftCardsPage } from './account/gift-cards-page.js';
import { MyOrderPage, MyOrdersPage } from './account/orders-pages.js';
import { MyPackagesPage } from './account/packages-page.js';
import { ProfilePage } from './account/profile-page.js';
import { SavedCardsPage } from './account/saved-cards-page.js';
import { SubscriptionsPage } from './account/subscriptions-page.js';
import { AcceptInvitationPage } from './admin/accept-invitation-page.js';
import { AdminLayout } from './admin/admin-layout.js';
import { ApiTokensPage } from './admin/api-tokens-page.js';
import { AuditLogPage } from './admin/audit-log-page.js';
import { ConnectionPage } from './admin/connections/connection-page.js';
import { ConnectionsPage } from './admin/connections/connections-page.js';
import { NewCartPage } from './admin/connections/new-cart-page.js';
import { CustomerPage, NewCustomerPage } from './admin/customer-page.js';
import { CustomersPage } from './admin/customers-page.js';
import { EmailPage } from './admin/email-page.js';
import { GiftCardLiabilityPage } from './admin/gift-card-liability-page.js';
import { GiftCardPage } from './admin/gift-card-page.js';
import { GiftCardsPage } from './admin/gift-cards-page.js';
import { ItemPage, NewItemPage } from './admin/item-page.js';
import { ItemsPage } from './admin/items-page.js';
import { LoginPage } from './admin/login-page.js';
import { LowStockPage } from './admin/low-stock-page.js';
import { MailboxPage } from './admin/mailbox-page.js';
import { MembershipsPage } from './admin/memberships-page.js';
import { AdminOrderPage, OrdersPage } from './admin/orders-page.js';
import { OverviewPage } from './admin/overview-page.js';
import { PaymentPage } from './admin/payment-page.js';
import { PaymentsPage } from './admin/payments-page.js';
import { ReportsPage } from './admin/reports-page.js';
import { RoleGate } from './admin/role-gate.js';
import { meQueryKey } from './admin/session.js';
import { SettingsPage } from './admin/settings-page.js';
import { StaffPage } from './admin/staff-page.js';
import { ApiError, type Role } from './api-client.js';
import { NotFoundPage } from './components/not-found-page.js';
import { PosLayout } from './pos/pos-layout.js';
import { PosOrderPage } from './pos/pos-order-page.js';
import { ReceiptPage } from './pos/receipt-page.js';
import { RegisterSalePage } from './pos/register-page.js';
import { TransactionsPage } from './pos/transactions-page.js';
import { CheckoutPage } from './shop/checkout-page.js';
import { ConfirmPage } from './shop/confirm-page.js';
import { ForgotPasswordPage } from './shop/forgot-password-page.js';
import { BuyGiftCardPage, GiftCardBalancePage } from './shop/gift-card-pages.js';
import { ClaimOrderPage, GuestOrderPlacedPage } from './shop/guest-order-pages.js';
import { PlanPage, PlansPage } from './shop/plan-pages.js';
import { RegisterPage } from './shop/register-page.js';
import { ResetPasswordPage } from './shop/reset-password-page.js';
import { ShopCatalogPage } from './shop/shop-catalog-page.js';
import { ShopLayout } from './shop/shop-layout.js';
import { ShopLoginPage } from './shop/shop-login-page.js';
import { ShopCartPage } from './shop/shop-pages.js';
import './styles.css';

/** A session that ended (expired, signed out elsewhere) sends the admin back to the sign-in page. */
const onApiError = (err: unknown, queryKey?: readonly unknown[]) => {
  if (err instanceof ApiError && err.status === 401 && queryKey?.[0] !== meQueryKey[0]) {
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
  }
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err, query) => onApiError(err, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (err) => onApiError(err) }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal will not change by asking again; a network blip or a 5xx might.
      retry: (failures, err) =>
        !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failures < 2,
    },
  },
});

const owner: Role[] = ['owner'];
const managers: Role[] = ['owner', 'manager'];

function App() {
  return (
    <Routes>
      <Route path="/" element={<Navigate to="/admin" replace />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
      <Route element={<ShopLayout />}>
        <Route path="/shop" element={<ShopCatalogPage />} />
        <Route path="/shop/cart" element={<ShopCartPage />} />
        <Route path="/shop/plans" element={<PlansPage />} />
        <Route path="/shop/plans/:planId" element={<PlanPage />} />
        <Route path="/shop/gift-cards" element={<BuyGiftCardPage />} />
        <Route path="/shop/gift-cards/balance" element={<GiftCardBalancePage />} />
        <Route path="/shop/checkout" element={<CheckoutPage />} />
        <Route path="/shop/order-placed" element={<GuestOrderPlacedPage />} />
        <Route path="/shop/claim-order" element={<ClaimOrderPage />} />
        <Route path="/shop/register" element={<RegisterPage />} />
        <Route path="/shop/confirm" element={<ConfirmPage />} />
        <Route path="/shop/login" element={<ShopLoginPage />} />
        <Route path="/shop/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/shop/reset-password" element={<ResetPasswordPage />} />
        <Route path="/account" element={<ProfilePage />} />
        <Route path="/account/cards" element={<SavedCardsPage />} />
        <Route path="/account/gift-cards" element={<MyGiftCardsPage />} />
        <Route path="/account/subscriptions" element={<SubscriptionsPage />} />
        <Route path="/account/packages" element={<MyPackagesPage />} />
        <Route path="/account/orders" element={<MyOrdersPage />} />
        <Route path="/account/orders/:orderId" element={<MyOrderPage />} />
      </Route>
      <Route path="/pos" element={<PosLayout />}>
        <Route index element={<RegisterSalePage />} />
        <Route path="transactions" element={<TransactionsPage />} />
        <Route path="orders/:orderId" element={<PosOrderPage />} />
        <Route path="receipt/:orderId" element={<ReceiptPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route path="/admin" element={<AdminLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="items" element={<ItemsPage />} />
        <Route
          path="items/new"
          element={
            <RoleGate roles={managers} title="New item">
              <NewItemPage />
            </RoleGate>
          }
        />
        <Route path="items/:itemId" element={<ItemPage />} />
        <Route path="low-stock" element={<LowStockPage />} />
        <Route path="orders" element={<OrdersPage />} />
        <Route path="orders/:orderId" element={<AdminOrderPage />} />
        <Route
          path="reports"
          element={
            <RoleGate roles={managers} title="Sales report">
              <ReportsPage />
            </RoleGate>
          }
        />
        <Route
          path="memberships"
          element={
            <RoleGate roles={managers} title="Memberships">
              <MembershipsPage />
            </RoleGate>
          }
        />
        <Route path="gift-cards" element={<GiftCardsPage />} />
        <Route path="gift-cards/:giftCardId" element={<GiftCardPage />} />
        <Route
          path="reports/gift-cards"
          element={
            <RoleGate roles={managers} title="Gift card liability">
              <GiftCardLiabilityPage />
            </RoleGate>
          }
        />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="customers/new" element={<NewCustomerPage />} />
        <Route path="customers/:customerId" element={<CustomerPage />} />
        <Route
          path="payments"
          element={
            <RoleGate roles={managers} title="Payments">
              <PaymentsPage />
            </RoleGate>
          }
        />
        <Route
          path="payments/:paymentId"
          element={
            <RoleGate roles={managers} title="Payment">
              <PaymentPage />
            </RoleGate>
          }
        />
        <Route path="settings" element={<SettingsPage />} />
        <Route
          path="settings/carts"
          element={
            <RoleGate roles={managers} title="Shopping carts">
              <ConnectionsPage />
            </RoleGate>
          }
        />
        <Route
          path="settings/carts/new"
          element={
            <RoleGate roles={managers} title="Add cart">
              <NewCartPage />
            </RoleGate>
          }
        />
        <Route
          path="settings/carts/:connectionId"
          element={
            <RoleGate roles={managers} title="Shopping cart">
              <ConnectionPage />
            </RoleGate>
          }
        />
        <Route
          path="mailbox"
          element={
            <RoleGate roles={managers} title="Mailbox">
              <MailboxPage />
            </RoleGate>
          }
        />
        <Route
          path="mailbox/:emailId"
          element={
            <RoleGate roles={managers} title="Email">
              <EmailPage />
            </RoleGate>
          }
        />
        <Route
          path="audit-log"
          element={
            <RoleGate roles={owner} title="Audit log">
              <AuditLogPage />
            </RoleGate>
          }
        />
        <Route
          path="api-tokens"
          element={
            <RoleGate roles={owner} title="API tokens">
              <ApiTokensPage />
            </RoleGate>
          }
        />
        <Route
          path="staff"
          element={
            <RoleGate roles={owner} title="Staff">
              <StaffPage />
            </RoleGate>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route path="*" element={<NotFoundPage standalone />} />
    </Routes>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
