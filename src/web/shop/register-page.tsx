import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type FieldError } from '../api-client.js';
import { ErrorSummary, TextField } from '../components/fields.js';
import { useFormErrors } from '../components/form-errors.js';
import { newPasswordHint, newPasswordProblem } from '../components/new-password.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage } from '../components/status.js';
import { ShopCard } from './shop-layout.js';

const fields = {
  name: { id: 'register-name', label: 'Name' },
  email: { id: 'register-email', label: 'Email' },
  password: { id: 'register-password', label: 'Password' },
};

export function RegisterPage() {
  usePageTitle('Create an account');
  const [name, setName] = useState('');
  // A receipt's invitation links here with the email the order was placed with.
  const [params] = useSearchParams();
  const [email, setEmail] = useState(() => params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<FieldError[]>([]);

  const register = useMutation({
    mutationFn: (body: { email: string; password: string; name?: string }) =>
      api<{ message: string }>('POST', '/api/store/auth/register', body),
  });
  const errors = useFormErrors(register.error, local, fields);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    register.reset();
    const problems: FieldError[] = [];
    if (email.trim() === '') problems.push({ path: 'email', message: 'must not be empty' });
    const weak = newPasswordProblem(password);
    if (weak) problems.push(weak);
    setLocal(problems);
    if (problems.length > 0) return;
    const trimmed = name.trim();
    register.mutate({ email: email.trim(), password, ...(trimmed ? { name: trimmed } : {}) });
  };

  if (register.isSuccess) {
    return (
      <CheckInbox
        message={register.data.message}
        email={email.trim()}
        onStartAgain={() => {
          setPassword('');
          register.reset();
        }}
      />
    );
  }

  return (
    <ShopCard titleId="register-title">
      <h1 id="register-title">Create an account</h1>
      <p className="muted">See your details and keep them up to date.</p>
      <form onSubmit={onSubmit} className="stack-tight" noValidate>
        <ErrorSummary errors={errors.summary} />
        {register.isError && !errors.shownByField ? <ErrorMessage error={register.error} /> : null}
        <TextField
          {...fields.name}
          label="Name (optional)"
          value={name}
          onChange={setName}
          error={errors.byPath.name}
          input={{ autoComplete: 'name', maxLength: 200 }}
        />
        <TextField
          {...fields.email}
          value={email}
          onChange={setEmail}
          error={errors.byPath.email}
          input={{ type: 'email', autoComplete: 'email', maxLength: 320, spellCheck: false, required: true }}
        />
        <TextField
          {...fields.password}
          value={password}
          onChange={setPassword}
          error={errors.byPath.password}
          hint={newPasswordHint}
          input={{ type: 'password', autoComplete: 'new-password', maxLength: 128, required: true }}
        />
        <button type="submit" className="button button-wide" disabled={register.isPending}>
          {register.isPending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p className="shop-aside">
        Already have an account? <Link to="/shop/login">Sign in</Link>
      </p>
    </ShopCard>
  );
}

function CheckInbox({
  message,
  email,
  onStartAgain,
}: {
  message: string;
  email: string;
  onStartAgain: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <ShopCard titleId="inbox-title">
      <h1 id="inbox-title" ref={heading} tabIndex={-1}>
        Check your inbox
      </h1>
      <p className="notice notice-success" role="status">
        {message}
      </p>
      <p>
        Open the link in the email sent to <strong className="wrap-anywhere">{email}</strong> to confirm your
        account. Nothing there? Look in your spam folder.
      </p>
      <p className="shop-aside">
        Wrong address?{' '}
        <button type="button" className="link-button" onClick={onStartAgain}>
          Start again
        </button>
      </p>
    </ShopCard>
  );
}
