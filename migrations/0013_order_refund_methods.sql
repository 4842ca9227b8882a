ALTER TABLE "order_refunds" DROP CONSTRAINT "order_refunds_amounts";--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "method" text;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "tender_id" text;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "gift_cards" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_amounts" CHECK ("order_refunds"."amount" >= 0 and "order_refunds"."tax" >= 0 and "order_refunds"."cost" >= 0 and "order_refunds"."gift_cards" >= 0);--> statement-breakpoint
-- Refunds given before: on an order paid one way, the money went back that way.
UPDATE "order_refunds" r SET "method" = t."method", "tender_id" = t."id"
FROM "order_tenders" t
WHERE t."order_id" = r."order_id" AND r."amount" > 0
  AND (SELECT count(*) FROM "order_tenders" o WHERE o."order_id" = r."order_id") = 1;
