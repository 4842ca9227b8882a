import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, api, type Customer, type FieldError } from '../api-client.js';
import { AddressList } from '../components/address-fields.js';
import { ErrorSummary, type SummaryError, TextField } from '../components/fields.js';
import { useFormErrors } from '../components/form-errors.js';
import { newPasswordHint, newPasswordProblem } from '../components/new-password.js';
import { ErrorMessage, StatusMessage } from '../components/status.js';
import { accountKey, useAccount } from '../shop/account-session.js';
import { AccountFrame, isSignedOut, useSignInAgain } from './account-frame.js';
import {
  type ProfileForm,
  profileErrorTarget,
  profileFieldId,
  profileFieldLabels,
  profilePatch,
  profileToForm,
} from './profile-model.js';

export function ProfilePage() {
  const account = useAccount();
  return (
    <AccountFrame title="My profile" titleId="profile-title">
      {account.data ? (
        <>
          <ProfileEditor key={account.data.id} saved={account.data} />
          <PasswordForm />
        </>
      ) : null}
    </AccountFrame>
  );
}

function ProfileEditor({ saved }: { saved: Customer }) {
  const queryClient = useQueryClient();
  const signInAgain = useSignInAgain();
  const [form, setForm] = useState<ProfileForm>(() => profileToForm(saved));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState('');

  const save = useMutation({
    mutationFn: (patch: object) => api<Customer>('PATCH', '/api/store/account', patch),
    onSuccess: (customer) => {
      queryClient.setQueryData(accountKey, customer);
      setForm(profileToForm(customer));
      setStatus('Profile saved');
    },
    onError: (err) => {
      if (isSignedOut(err)) signInAgain();
      else if (err instanceof ApiError && err.code === 'validation_failed' && err.errors.length > 0) {
        setErrors(err.errors);
      }
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    setErrors([]);
    save.reset();
    const patch = profilePatch(form, saved);
    if (Object.keys(patch).length === 0) {
      setStatus('Nothing has changed');
      return;
    }
    save.mutate(patch);
  };

  const byPath: Record<string, string> = {};
  for (const e of errors) byPath[e.path] ??= e.message;
  const errorOf = (path: string) => byPath[path];
  // Kept stable between renders: a new summary takes focus.
  const summary = useMemo<SummaryError[]>(
    () => errors.map((e) => ({ ...profileErrorTarget(e.path), message: e.message })),
    [errors],
  );
  const handled = save.error instanceof ApiError && save.error.code === 'validation_failed';

  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-label="Your details">
      <ErrorSummary errors={summary} />
      {save.isError && !handled && !isSignedOut(save.error) ? <ErrorMessage error={save.error} /> : null}

      <fieldset className="card">
        <legend>Your details</legend>
        <TextField
          id={profileFieldId('name')}
          label={profileFieldLabels.name}
          value={form.name}
          onChange={(name) => setForm((f) => ({ ...f, name }))}
          error={errorOf('name')}
          input={{ maxLength: 200, autoComplete: 'name' }}
        />
        <TextField
          id={profileFieldId('phone')}
          label="Phone (optional)"
          hint="Such as +1 555 0100 1234."
          value={form.phone}
          onChange={(phone) => setForm((f) => ({ ...f, phone }))}
          error={errorOf('phone')}
          input={{ type: 'tel', maxLength: 30, autoComplete: 'tel', className: 'input-medium' }}
        />
      </fieldset>

      <AddressList
        addresses={form.addresses}
        onChange={(addresses) => setForm((f) => ({ ...f, addresses }))}
        onRemoved={() => setErrors((list) => list.filter((e) => !e.path.startsWith('addresses.')))}
        errorOf={errorOf}
        fieldId={profileFieldId}
        autofill
      />

      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save changes'}
        </button>
        <StatusMessage tone={status === 'Profile saved' ? 'success' : 'info'}>{status}</StatusMessage>
      </div>
    </form>
  );
}

const passwordFields = {
  currentPassword: { id: 'profile-current-password', label: 'Current password' },
  newPassword: { id: 'profile-new-password', label: 'New password' },
};

function PasswordForm() {
  const signInAgain = useSignInAgain();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [local, setLocal] = useState<FieldError[]>([]);
  const change = useMutation({
    mutationFn: () => api<void>('POST', '/api/store/account/password', { currentPassword, newPassword }),
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
    },
    onError: (err) => {
      if (isSignedOut(err)) signInAgain();
    },
  });
  const errors = useFormErrors(change.error, local, passwordFields);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    change.reset();
    const problems: FieldError[] = [];
    if (currentPassword === '') problems.push({ path: 'currentPassword', message: 'must not be empty' });
    const weak = newPasswordProblem(newPassword, 'newPassword');
    if (weak) problems.push(weak);
    setLocal(problems);
    if (problems.length === 0) change.mutate();
  };

  return (
    <form onSubmit={onSubmit} className="card stack-tight" noValidate aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <ErrorSummary errors={errors.summary} />
      {change.isError && !errors.shownByField && !isSignedOut(change.error) ? (
        <ErrorMessage error={change.error} />
      ) : null}
      <TextField
        {...passwordFields.currentPassword}
        value={currentPassword}
        onChange={setCurrentPassword}
        error={errors.byPath.currentPassword}
        input={{ type: 'password', autoComplete: 'current-password', className: 'input-password' }}
      />
      <TextField
        {...passwordFields.newPassword}
        value={newPassword}
        onChange={setNewPassword}
        error={errors.byPath.newPassword}
        hint={newPasswordHint}
        input={{
          type: 'password',
          autoComplete: 'new-password',
          maxLength: 128,
          className: 'input-password',
        }}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
        <StatusMessage>{change.isSuccess ? 'Password changed' : ''}</StatusMessage>
      </div>
    </form>
  );
}
