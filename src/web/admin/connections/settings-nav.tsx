import { NavLink } from 'react-router';

/** The Settings pages: the business's own, and its shopping carts. */
export function SettingsNav() {
  return (
    <nav aria-label="Settings" className="sub-nav">
      <NavLink to="/admin/settings" end>
        General
      </NavLink>
      <NavLink to="/admin/settings/carts">Shopping carts</NavLink>
    </nav>
  );
}
