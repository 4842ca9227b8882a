import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api-client.js';
import { ErrorMessage } from './status.js';

/** Where to go after signing in: the page that sent us here if it is one of ours, else `fallback`. */
export function returnPath(state: unknown, fallback: string): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : fallback;
}

/** Email and password, posted to a sign-in endpoint; its refusal is shown under the fields. */
export function SignInForm<T>({
  idPrefix,
  endpoint,
  onSignedIn,
  onAttempt,
  className,
  buttonClassName,
}: {
  idPrefix: string;
  endpoint: string;
  onSignedIn: (answer: T) => void;
  /** Each time the form is sent, before the answer. */
  onAttempt?: () => void;
  className: string;
  buttonClassName: string;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => api<T>('POST', endpoint, { email: email.trim(), password }),
    onSuccess: onSignedIn,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onAttempt?.();
    signIn.mutate();
  };
  return (
    <form onSubmit={onSubmit} className={className}>
      <div className="field">
        <label htmlFor={`${idPrefix}-email`}>Email</label>
        <input
          id={`${idPrefix}-email`}
          type="email"
          autoComplete="username"
          spellCheck={false}
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-password`}>Password</label>
        <input
          id={`${idPrefix}-password`}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {signIn.isError ? <ErrorMessage error={signIn.error} /> : null}
      <button type="submit" className={buttonClassName} disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
