CREATE TABLE "payment_methods" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"gateway" text NOT NULL,
	"profile_id" text NOT NULL,
	"account_id" text NOT NULL,
	"brand" text NOT NULL,
	"last4" text NOT NULL,
	"expiry" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_operations" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"amount" integer NOT NULL,
	"gateway_order_id" text,
	"retref" text,
	"resp_stat" text,
	"resp_code" text,
	"resp_text" text,
	"resp_proc" text,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "payment_operations_kind" CHECK ("payment_operations"."kind" in ('authorize', 'capture', 'void', 'refund')),
	CONSTRAINT "payment_operations_status" CHECK ("payment_operations"."status" in ('pending', 'approved', 'declined', 'failed')),
	CONSTRAINT "payment_operations_amount" CHECK ("payment_operations"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"gateway_order_id" text NOT NULL,
	"gateway" text NOT NULL,
	"status" text NOT NULL,
	"purpose" text NOT NULL,
	"entry" text NOT NULL,
	"amount" integer NOT NULL,
	"approved_amount" integer DEFAULT 0 NOT NULL,
	"captured_amount" integer DEFAULT 0 NOT NULL,
	"refunded_amount" integer DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"customer_id" text,
	"order_id" text,
	"payment_method_id" text,
	"brand" text,
	"last4" text,
	"retref" text,
	"auth_code" text,
	"resp_stat" text,
	"resp_code" text,
	"resp_text" text,
	"resp_proc" text,
	"avs_resp" text,
	"cvv_resp" text,
	"note" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_status" CHECK ("payments"."status" in ('pending', 'authorized', 'captured', 'declined', 'failed', 'voided', 'partially_refunded', 'refunded')),
	CONSTRAINT "payments_amounts" CHECK ("payments"."amount" >= 0 and "payments"."approved_amount" >= 0 and "payments"."captured_amount" <= "payments"."approved_amount"),
	CONSTRAINT "payments_refunds" CHECK ("payments"."refunded_amount" >= 0 and "payments"."refunded_amount" <= "payments"."captured_amount")
);
--> statement-breakpoint
CREATE INDEX "payment_methods_customer" ON "payment_methods" USING btree ("customer_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_methods_profile" ON "payment_methods" USING btree ("customer_id","gateway","profile_id","account_id");--> statement-breakpoint
CREATE INDEX "payment_methods_gateway_profile" ON "payment_methods" USING btree ("gateway","profile_id");--> statement-breakpoint
CREATE INDEX "payment_operations_payment" ON "payment_operations" USING btree ("payment_id","id");--> statement-breakpoint
CREATE INDEX "payment_operations_pending" ON "payment_operations" USING btree ("created_at") WHERE "payment_operations"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "payments_gateway_order_id" ON "payments" USING btree ("gateway_order_id");--> statement-breakpoint
CREATE INDEX "payments_created" ON "payments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "payments_status_created" ON "payments" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "payments_last4" ON "payments" USING btree ("last4");--> statement-breakpoint
CREATE INDEX "payments_order" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_customer" ON "payments" USING btree ("customer_id","id");