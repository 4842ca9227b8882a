ALTER TABLE "mail_outbox" ADD COLUMN "sealed" text;--> statement-breakpoint
-- Mails already sent, failed or kept keep no live secret: one-time links and gift card codes are
-- hidden as the mailbox now shows them (mails still queued go out as they are).
UPDATE "mail_outbox" SET
  "text" = regexp_replace("text", 'token=[A-Za-z0-9_-]+', 'token=•••', 'g'),
  "html" = regexp_replace("html", 'token=[A-Za-z0-9_-]+', 'token=•••', 'g')
WHERE "status" <> 'queued' AND "template" IN ('account.confirm', 'account.already_registered', 'account.password_reset', 'staff.invitation');
--> statement-breakpoint
UPDATE "mail_outbox" SET
  "text" = regexp_replace("text", 'Your code: (?:[0-9A-Za-z]{1,4} )*([0-9A-Za-z]{1,4})', 'Your code: •••• \1', 'g'),
  "html" = regexp_replace("html", 'Your code: (?:[0-9A-Za-z]{1,4} )*([0-9A-Za-z]{1,4})', 'Your code: •••• \1', 'g')
WHERE "status" <> 'queued' AND "template" = 'gift_card.issued';
