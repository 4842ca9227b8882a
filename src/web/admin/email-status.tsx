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
      the built-in mailbox, where you can read it.
    </p>
  );
}
