import type { AppDeps } from '../../src/server/app.js';

export interface ReceivedCopy {
  template: string;
  subject: string;
  html: string | null;
  text: string;
}

/**
 * The emails to `to`, newest first, as their recipient gets them: with the links and codes the
 * mailbox hides from staff (opened from the outbox's sealed copy, as the mailer sends them).
 */
export async function mailTo(
  deps: Pick<AppDeps, 'database' | 'mailer'>,
  to: string,
): Promise<ReceivedCopy[]> {
  const { rows } = await deps.database.query<{
    template: string;
    subject: string;
    html: string | null;
    text: string;
    sealed: string | null;
  }>('select template, subject, html, text, sealed from mail_outbox where "to" = $1 order by id desc', [to]);
  return rows.map((row) => ({ template: row.template, ...deps.mailer.recipientCopy(row) }));
}
