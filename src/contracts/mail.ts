import { z } from 'zod';

export const emailStatuses = ['queued', 'sent', 'failed', 'kept'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

export const emailSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    template: z.string(),
    status: z.enum(emailStatuses).describe('kept: stays in the built-in mailbox (no SMTP_URL)'),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    html: z
      .string()
      .nullable()
      .describe(
        'null for a plain-text email. One-time links show as `…?token=•••` and gift card codes as `•••• 1234`: only the recipient gets them',
      ),
    text: z.string().describe('the plain-text part, with the same secrets hidden as in `html`'),
  })
  .meta({ id: 'Email' });
export type Email = z.infer<typeof emailSchema>;
