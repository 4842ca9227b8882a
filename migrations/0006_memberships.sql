CREATE TABLE "subscription_renewals" (
	"id" text PRIMARY KEY NOT NULL,
	"subscription_id" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"attempt" integer NOT NULL,
	"payment_id" text NOT NULL,
	"status" text NOT NULL,
	"order_id" text,
	"decline_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"item_id" text NOT NULL,
	"name" text NOT NULL,
	"discount_percent" integer,
	"status" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"interval" text NOT NULL,
	"anchor_day" integer NOT NULL,
	"payment_method_id" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"next_payment_at" timestamp with time zone NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"renewing_until" timestamp with time zone,
	"order_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_amount" CHECK ("subscriptions"."amount" > 0 and "subscriptions"."failed_attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "subscription_renewals" ADD CONSTRAINT "subscription_renewals_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_renewals_attempt" ON "subscription_renewals" USING btree ("subscription_id","period_start","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_renewals_paid" ON "subscription_renewals" USING btree ("subscription_id","period_start") WHERE "subscription_renewals"."status" = 'approved';--> statement-breakpoint
CREATE INDEX "subscription_renewals_open" ON "subscription_renewals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "subscriptions_due" ON "subscriptions" USING btree ("status","next_payment_at");--> statement-breakpoint
CREATE INDEX "subscriptions_customer" ON "subscriptions" USING btree ("customer_id","created_at");