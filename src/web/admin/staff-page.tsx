import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, errorDetail, type FieldError, type Role, type StaffUser } from '../api-client.js';
import { ErrorSummary, SelectField, TextField } from '../components/fields.js';
import { useFormErrors } from '../components/form-errors.js';
import { formatDate, roleLabel } from '../components/format.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { meQueryKey, useStaff } from './session.js';

const staffKey = ['staff'] as const;
const roleOptions = (Object.keys(roleLabel) as Role[]).map((value) => ({ value, label: roleLabel[value] }));

type StaffStatus = 'active' | 'deactivated' | 'invited';
const statusOf = (user: StaffUser): StaffStatus =>
  !user.active ? 'deactivated' : user.invitationPending ? 'invited' : 'active';
const statusBadge: Record<StaffStatus, { label: string; className: string }> = {
  active: { label: 'Active', className: 'badge badge-ok' },
  deactivated: { label: 'Deactivated', className: 'badge badge-archived' },
  invited: { label: 'Invitation pending', className: 'badge badge-queued' },
};

export function StaffPage() {
  usePageTitle('Staff');
  const staff = useQuery({
    queryKey: staffKey,
    queryFn: () => api<{ data: StaffUser[] }>('GET', '/api/admin/staff'),
  });
  const [status, setStatus] = useState('');

  return (
    <section aria-labelledby="staff-title" className="stack">
      <div>
        <h1 id="staff-title">Staff</h1>
        <p className="muted">
          Everyone who can sign in to the back office, and the role that decides what they may do.
        </p>
      </div>
      <InviteForm
        onInvited={(user) => setStatus(`Invitation sent to ${user.name} at ${user.email}.`)}
        onStart={() => setStatus('')}
      />
      <StatusMessage>{status}</StatusMessage>
      {staff.isPending ? <Loading what="the staff" /> : null}
      {staff.isError ? <ErrorMessage error={staff.error} /> : null}
      {staff.data ? (
        <table className="table responsive-table staff-table">
          <caption className="visually-hidden">Staff members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.data.data.map((user) => (
              <StaffRow key={user.id} user={user} onChanged={setStatus} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

const inviteFields = {
  email: { id: 'invite-email', label: 'Email' },
  name: { id: 'invite-name', label: 'Name' },
  role: { id: 'invite-role', label: 'Role' },
};

function InviteForm({ onInvited, onStart }: { onInvited: (user: StaffUser) => void; onStart: () => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [local, setLocal] = useState<FieldError[]>([]);
  const invite = useMutation({
    mutationFn: () =>
      api<StaffUser>('POST', '/api/admin/staff', { email: email.trim(), name: name.trim(), role }),
    onSuccess: (user) => {
      setEmail('');
      setName('');
      setRole('cashier');
      onInvited(user);
      return queryClient.invalidateQueries({ queryKey: staffKey });
    },
  });
  const errors = useFormErrors(invite.error, local, inviteFields);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onStart();
    invite.reset();
    const problems: FieldError[] = [];
    if (email.trim() === '') problems.push({ path: 'email', message: 'must not be empty' });
    if (name.trim() === '') problems.push({ path: 'name', message: 'must not be empty' });
    setLocal(problems);
    // Sent anyway: the server refuses the empty fields and names what else is wrong with the rest.
    invite.mutate();
  };

  return (
    <form onSubmit={onSubmit} className="card stack-tight" aria-labelledby="invite-title" noValidate>
      <h2 id="invite-title">Invite someone</h2>
      <ErrorSummary errors={errors.summary} />
      {invite.isError && !errors.shownByField ? <ErrorMessage error={invite.error} /> : null}
      <div className="field-row">
        <TextField
          {...inviteFields.email}
          className="grow"
          value={email}
          onChange={setEmail}
          error={errors.byPath.email}
          input={{ type: 'email', maxLength: 320, autoComplete: 'off', spellCheck: false }}
        />
        <TextField
          {...inviteFields.name}
          className="grow"
          value={name}
          onChange={setName}
          error={errors.byPath.name}
          input={{ maxLength: 120, autoComplete: 'off' }}
        />
        <SelectField
          {...inviteFields.role}
          value={role}
          onChange={setRole}
          options={roleOptions}
          error={errors.byPath.role}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={invite.isPending}>
          {invite.isPending ? 'Sending…' : 'Send invitation'}
        </button>
        <p className="hint">They get an email with a link to choose their password.</p>
      </div>
    </form>
  );
}

function StaffRow({ user, onChanged }: { user: StaffUser; onChanged: (status: string) => void }) {
  const me = useStaff();
  const queryClient = useQueryClient();
  const isMe = me.type === 'staff' && me.id === user.id;
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  const patch = (body: { role?: Role; active?: boolean }) =>
    api<StaffUser>('PATCH', `/api/admin/staff/${encodeURIComponent(user.id)}`, body);
  const afterChange = async () => {
    await queryClient.invalidateQueries({ queryKey: staffKey });
    // A change to one's own role changes what this back office shows.
    if (isMe) await queryClient.invalidateQueries({ queryKey: meQueryKey });
  };

  const changeRole = useMutation({
    mutationFn: (role: Role) => patch({ role }),
    onMutate: () => onChanged(''),
    onSuccess: (next) => {
      onChanged(`${next.name} is now ${articleFor(next.role)} ${roleLabel[next.role].toLowerCase()}.`);
      return afterChange();
    },
  });
  const setActive = useMutation({
    mutationFn: (active: boolean) => patch({ active }),
    onMutate: () => onChanged(''),
    onSuccess: (next) => {
      setConfirming(false);
      onChanged(next.active ? `${next.name} is active again.` : `${next.name} is deactivated.`);
      return afterChange();
    },
  });

  // Focus follows the question: onto the confirm button when asked, back to the button when done.
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) toggleRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const cancel = () => {
    setConfirming(false);
    setActive.reset();
  };

  const status = statusOf(user);
  const badge = statusBadge[status];
  const roleId = `staff-role-${user.id}`;
  const questionId = `staff-${user.id}-question`;
  const shownRole = changeRole.isPending ? changeRole.variables : user.role;

  return (
    <tr>
      <td data-label="Name" className="staff-person">
        <div>
          <span className="row-title">{user.name}</span>
          {isMe ? <span className="badge badge-kind staff-you">You</span> : null}
          <span className="row-meta staff-email">{user.email}</span>
        </div>
      </td>
      <td data-label="Role">
        <div className="stack-tight">
          <div>
            <label htmlFor={roleId} className="visually-hidden">
              Role of {user.name}
            </label>
            <select
              id={roleId}
              className="select-compact"
              value={shownRole}
              disabled={changeRole.isPending}
              onChange={(e) => changeRole.mutate(e.target.value as Role)}
              aria-describedby={changeRole.isError ? `${roleId}-error` : undefined}
            >
              {roleOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          {changeRole.isError ? (
            <p className="notice notice-error staff-role-error" role="alert" id={`${roleId}-error`}>
              {errorDetail(changeRole.error)}
            </p>
          ) : null}
        </div>
      </td>
      <td data-label="Status">
        <div>
          <span className={badge.className}>{badge.label}</span>
        </div>
      </td>
      <td data-label="Added" className="staff-added">
        <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>
      </td>
      <td className="actions">
        {isMe ? null : confirming ? (
          <div className="confirm">
            <span id={questionId}>
              {user.active
                ? `Deactivate ${user.name}? They are signed out at once and cannot sign in again.`
                : `Reactivate ${user.name}? They can sign in again.`}
            </span>
            <button
              ref={confirmRef}
              type="button"
              className={user.active ? 'button button-danger' : 'button'}
              aria-describedby={questionId}
              onClick={() => setActive.mutate(!user.active)}
              disabled={setActive.isPending}
            >
              {setActive.isPending
                ? user.active
                  ? 'Deactivating…'
                  : 'Reactivating…'
                : user.active
                  ? 'Yes, deactivate'
                  : 'Yes, reactivate'}
            </button>
            <button type="button" className="button button-secondary" onClick={cancel}>
              Cancel
            </button>
            {setActive.isError ? <ErrorMessage error={setActive.error} /> : null}
          </div>
        ) : (
          <button
            ref={toggleRef}
            type="button"
            className="button button-secondary"
            onClick={() => setConfirming(true)}
            aria-label={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.name}`}
          >
            {user.active ? 'Deactivate' : 'Reactivate'}
          </button>
        )}
      </td>
    </tr>
  );
}

const articleFor = (role: Role) => (role === 'owner' ? 'an' : 'a');
