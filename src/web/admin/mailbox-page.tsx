import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type Email, type EmailStatus, type Page, withQuery } from '../api-client.js';
import { formatDateTime } from '../components/format.js';
import { LoadMore } from '../components/load-more.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { EmailStatusBadge, emailStatusLabel, KeptNote, SecretsNote } from './email-status.js';
import { SendTestEmail } from './send-test-email.js';

const PAGE_SIZE = 25;
const statuses = Object.keys(emailStatusLabel) as EmailStatus[];
const isStatus = (value: string | null): value is EmailStatus =>
  value !== null && (statuses as string[]).includes(value);

export function MailboxPage() {
  usePageTitle('Mailbox');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const rawStatus = params.get('status');
  const status = isStatus(rawStatus) ? rawStatus : '';

  const emails = useInfiniteQuery({
    queryKey: ['emails', { q, status }],
    queryFn: ({ pageParam }) =>
      api<Page<Email>>(
        'GET',
        withQuery('/api/admin/emails', { limit: PAGE_SIZE, cursor: pageParam, q, status }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = emails.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section aria-labelledby="mailbox-title" className="stack">
      <div>
        <h1 id="mailbox-title">Mailbox</h1>
        <p className="muted">Every email Tandem sends, newest first.</p>
        <KeptNote />
        <SecretsNote />
      </div>
      <SendTestEmail />
      <Filters
        key={`${q}|${status}`}
        q={q}
        status={status}
        onApply={(next) => setParams(withoutEmpty(next), { replace: true })}
      />
      {emails.isPending ? <Loading what="emails" /> : null}
      {emails.isError && !emails.isFetchNextPageError ? <ErrorMessage error={emails.error} /> : null}
      {emails.isSuccess && rows.length === 0 ? (
        <p className="empty">{q || status ? 'No emails match this search.' : 'No emails yet.'}</p>
      ) : null}
      {rows.length > 0 ? (
        <ul className="row-list" aria-label="Emails">
          {rows.map((email) => (
            <li key={email.id} className="row-item email-row">
              <Link to={`/admin/mailbox/${encodeURIComponent(email.id)}`} className="row-title">
                {email.subject}
              </Link>
              <span className="row-meta email-to">To {email.to}</span>
              <EmailStatusBadge status={email.status} />
              <time className="row-meta email-time" dateTime={email.createdAt}>
                {formatDateTime(email.createdAt)}
              </time>
            </li>
          ))}
        </ul>
      ) : null}
      <LoadMore query={emails} />
    </section>
  );
}

const withoutEmpty = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));

function Filters({
  q,
  status,
  onApply,
}: {
  q: string;
  status: string;
  onApply: (values: { q: string; status: string }) => void;
}) {
  const [text, setText] = useState(q);
  const [chosen, setChosen] = useState(status);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ q: text.trim(), status: chosen });
  };
  return (
    <search className="filters">
      <form onSubmit={onSubmit} className="inline-form">
        <div className="field grow">
          <label htmlFor="mailbox-q">Search by recipient or subject</label>
          <input id="mailbox-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mailbox-status">Status</label>
          <select id="mailbox-status" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {emailStatusLabel[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Search
        </button>
      </form>
    </search>
  );
}
