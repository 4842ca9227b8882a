import { and, desc, eq, ilike, lt, or } from 'drizzle-orm';
import type { Email } from '../../../contracts/mail.js';
import type { Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { mailOutbox } from '../../platform/schema.js';

export type MailboxEntry = Email;

const toEntry = (r: typeof mailOutbox.$inferSelect): MailboxEntry => ({
  id: r.id,
  to: r.to,
  subject: r.subject,
  template: r.template,
  status: r.status,
  attempts: r.attempts,
  lastError: r.lastError,
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt?.toISOString() ?? null,
  html: r.html,
  text: r.text,
});

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The outgoing mail, newest first (ids sort by time), searchable by recipient and subject. */
export async function listMailbox(
  tx: Tx,
  query: {
    limit: number;
    cursor?: string | undefined;
    q?: string | undefined;
    status?: MailboxEntry['status'] | undefined;
  },
): Promise<{ data: MailboxEntry[]; nextCursor: string | null }> {
  const rows = await tx
    .select()
    .from(mailOutbox)
    .where(
      and(
        query.cursor ? lt(mailOutbox.id, query.cursor) : undefined,
        query.status ? eq(mailOutbox.status, query.status) : undefined,
        query.q
          ? or(ilike(mailOutbox.to, likePattern(query.q)), ilike(mailOutbox.subject, likePattern(query.q)))
          : undefined,
      ),
    )
    .orderBy(desc(mailOutbox.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { data: page.map(toEntry), nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
}

export async function getMail(tx: Tx, id: string): Promise<MailboxEntry> {
  const [row] = await tx.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  if (!row) throw notFound('No such email.');
  return toEntry(row);
}
