import type { EmailStatus } from '../api-client.js';

export const emailStatusLabel: Record<EmailStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
  kept: 'Kept',
};

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  return <span className={`badge badge-${status}`}>{emailStatusLabel[status]}</span>;
}

export function KeptNote() {
  return (
    <p className="hint">
      <strong>Kept</strong> means no SMTP server is configured, so the email was not sent: it is kept here, in
      the built-in mailbox, where you can read what it says. To receive its links too (in a demo, say), set{' '}
      <code>SMTP_URL</code> to a mail server or a local mail catcher.
    </p>
  );
}

/** Why links and codes show as dots: they are for the recipient alone. */
export function SecretsNote() {
  return (
    <p className="hint">
      One-time links (account confirmation, password reset, staff invitation) and gift card codes show as •••
      here: only the recipient’s own copy carries them, so nobody can use them from the mailbox.
    </p>
  );
}
