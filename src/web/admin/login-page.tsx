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
          onSignedIn={() => {
            // Nothing cached for a previous session may show to this one.
            queryClient.clear();
            navigate(returnPath(location.state, '/admin'), { replace: true });
          }}
        />
      </div>
    </main>
  );
}
