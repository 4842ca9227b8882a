import { useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import type { StaffUser } from '../api-client.js';
import { usePageTitle } from '../components/page-title.js';
import { returnPath, SignInForm } from '../components/sign-in-form.js';

export function LoginPage() {
  usePageTitle('Sign in');
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  return (
    <main id="main" tabIndex={-1} className="standalone">
      <div className="sign-in card">
        <p className="brand">Tandem</p>
        <h1>Sign in</h1>
        <p className="muted">Staff sign-in to the back office.</p>
        <SignInForm<{ user: StaffUser }>
          idPrefix="login"
          endpoint="/api/auth/login"
          className="stack"
          buttonClassName="button"
          onSignedIn={({ user }) => {
            // Nothing cached for a previous session may show to this one.
            queryClient.clear();
            // Cashiers work at the register; everyone else starts in the back office.
            navigate(returnPath(location.state, user.role === 'cashier' ? '/pos' : '/admin'), {
              replace: true,
            });
          }}
        />
      </div>
    </main>
  );
}
