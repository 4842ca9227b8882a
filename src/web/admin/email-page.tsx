import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, type Email } from '../api-client.js';
import { DetailFrame } from '../components/detail-frame.js';
import { formatDateTime } from '../components/format.js';
import { usePageTitle } from '../components/page-title.js';
import { Tabs } from '../components/tabs.js';
import { EmailStatusBadge, KeptNote } from './email-status.js';

export function EmailPage() {
  const { emailId = '' } = useParams();
  const email = useQuery({
    queryKey: ['email', emailId],
    queryFn: () => api<Email>('GET', `/api/admin/emails/${encodeURIComponent(emailId)}`),
  });
  usePageTitle(email.data ? email.data.subject : 'Email');

  return (
    <DetailFrame
      titleId="email-title"
      back={{ to: '/admin/mailbox', label: 'Back to the mailbox' }}
      what="the email"
      title="Email"
      query={email}
    >
      {(data) => <EmailDetail email={data} />}
    </DetailFrame>
  );
}

function EmailDetail({ email }: { email: Email }) {
  return (
    <>
      <h1 id="email-title">{email.subject}</h1>
      <div className="card">
        <dl className="details">
          <dt>To</dt>
          <dd>{email.to}</dd>
          <dt>Subject</dt>
          <dd>{email.subject}</dd>
          <dt>Status</dt>
          <dd>
            <EmailStatusBadge status={email.status} />
          </dd>
          <dt>Attempts</dt>
          <dd>{email.attempts}</dd>
          <dt>Last error</dt>
          <dd>{email.lastError ?? 'None'}</dd>
          <dt>Created</dt>
          <dd>
            <time dateTime={email.createdAt}>{formatDateTime(email.createdAt)}</time>
          </dd>
          <dt>Sent</dt>
          <dd>
            {email.sentAt ? <time dateTime={email.sentAt}>{formatDateTime(email.sentAt)}</time> : 'Not sent'}
          </dd>
        </dl>
        {email.status === 'kept' ? <KeptNote /> : null}
      </div>
      {email.html === null ? (
        <section aria-label="Email body" className="stack-tight">
          <p className="muted">Sent as plain text only.</p>
          <pre className="email-text">{email.text}</pre>
        </section>
      ) : (
        <Tabs
          label="Email body"
          tabs={[
            {
              label: 'HTML',
              content: (
                // No permissions at all: the email's HTML can neither run scripts nor reach this page.
                <iframe
                  className="email-frame"
                  title="HTML body of the email"
                  sandbox=""
                  srcDoc={email.html}
                />
              ),
            },
            { label: 'Text', content: <pre className="email-text">{email.text}</pre> },
          ]}
        />
      )}
    </>
  );
}
