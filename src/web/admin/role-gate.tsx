import type { ReactNode } from 'react';
import type { Role } from '../api-client.js';
import { usePageTitle } from '../components/page-title.js';
import { useStaff } from './session.js';

const whoMay = (roles: readonly Role[]) =>
  roles.length === 1 ? `the ${roles[0]}` : `an ${roles.slice(0, -1).join(', ')} or a ${roles.at(-1)}`;

/** A page some roles may not use: they get a plain explanation instead of forms that would be refused. */
export function RoleGate({
  roles,
  title,
  children,
}: {
  roles: readonly Role[];
  title: string;
  children: ReactNode;
}) {
  const me = useStaff();
  if (roles.includes(me.role)) return children;
  return <NotForYou roles={roles} title={title} />;
}

function NotForYou({ roles, title }: { roles: readonly Role[]; title: string }) {
  usePageTitle(title);
  return (
    <section aria-labelledby="role-gate-title" className="stack">
      <h1 id="role-gate-title">{title}</h1>
      <p className="notice notice-info">Only {whoMay(roles)} can open this page.</p>
    </section>
  );
}
