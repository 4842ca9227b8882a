import { type ReactNode, useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useShopAbout } from './account-session.js';
import { useShopCart } from './shop-cart.js';

/** The public pages customers see: the shop's name at the top and one thing to do below it. */
export function ShopLayout() {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstRender = useRef(true);
  const cart = useShopCart();
  const shopName = useShopAbout();

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
      <header className="topbar">
        <div className="topbar-inner shop-topbar">
          <p className="shop-name">{shopName.data?.name ?? '\u00a0'}</p>
          <nav aria-label="Shop" className="pos-nav">
            <NavLink to="/shop" end>
              Shop
            </NavLink>
            <NavLink to="/shop/plans">Packages &amp; memberships</NavLink>
            <NavLink to="/shop/gift-cards">Gift cards</NavLink>
            <NavLink to="/shop/cart">Cart ({cart.count})</NavLink>
            <NavLink to="/account">My account</NavLink>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={mainRef} className="shop-main">
        <Outlet />
      </main>
    </>
  );
}

/** A narrow card for a form with one purpose: sign in, sign up, choose a password. */
export function ShopCard({ titleId, children }: { titleId: string; children: ReactNode }) {
  return (
    <section className="card shop-card stack-tight" aria-labelledby={titleId}>
      {children}
    </section>
  );
}
