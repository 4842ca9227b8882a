CREATE TABLE "queued_refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"order_id" text,
	"amount" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"operation_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "queued_refunds_status" CHECK ("queued_refunds"."status" in ('queued', 'sending', 'sent', 'failed')),
	CONSTRAINT "queued_refunds_amount" CHECK ("queued_refunds"."amount" > 0)
);
--> statement-breakpoint
CREATE INDEX "queued_refunds_open" ON "queued_refunds" USING btree ("created_at") WHERE "queued_refunds"."status" in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "queued_refunds_payment" ON "queued_refunds" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "queued_refunds_order" ON "queued_refunds" USING btree ("order_id");