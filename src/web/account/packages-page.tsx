import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type CustomerPackage } from '../api-client.js';
import { PackageList } from '../components/package-list.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { AccountFrame } from './account-frame.js';

/** The customer's packages: the credits left on each, and until when. */
export function MyPackagesPage() {
  return (
    <AccountFrame title="Packages" titleId="my-packages-title" portalPage="Packages">
      <MyPackages />
    </AccountFrame>
  );
}

function MyPackages() {
  const packages = useQuery({
    queryKey: ['shop', 'account', 'packages'],
    queryFn: () => api<{ data: CustomerPackage[] }>('GET', '/api/store/account/packages'),
  });
  if (packages.isPending) return <Loading what="your packages" />;
  if (packages.isError) return <ErrorMessage error={packages.error} />;
  if (packages.data.data.length === 0)
    return (
      <p className="empty">
        No packages yet. <Link to="/shop/plans">See the packages and memberships offered</Link>
      </p>
    );
  return (
    <PackageList
      packages={packages.data.data}
      orderPath={(id) => `/account/orders/${encodeURIComponent(id)}`}
    />
  );
}
