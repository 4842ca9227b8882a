CREATE TABLE "customer_packages" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"item_id" text NOT NULL,
	"name" text NOT NULL,
	"discount_percent" integer,
	"price" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"order_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"refunded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_packages_price" CHECK ("customer_packages"."price" >= 0 and "customer_packages"."expires_at" > "customer_packages"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "package_credit_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"package_id" text NOT NULL,
	"item_id" text NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"remaining_after" integer NOT NULL,
	"order_id" text,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "package_credit_entries_remaining" CHECK ("package_credit_entries"."remaining_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "package_credits" (
	"package_id" text NOT NULL,
	"item_id" text NOT NULL,
	"name" text NOT NULL,
	"unit_price" integer NOT NULL,
	"included" integer NOT NULL,
	"remaining" integer NOT NULL,
	CONSTRAINT "package_credits_package_id_item_id_pk" PRIMARY KEY("package_id","item_id"),
	CONSTRAINT "package_credits_remaining" CHECK ("package_credits"."remaining" >= 0 and "package_credits"."remaining" <= "package_credits"."included")
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ALTER COLUMN "html" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription_renewals" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "package_id" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "credits_used" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "package_credit_entries" ADD CONSTRAINT "package_credit_entries_package_id_customer_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."customer_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_credits" ADD CONSTRAINT "package_credits_package_id_customer_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."customer_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_packages_customer" ON "customer_packages" USING btree ("customer_id","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_packages_order_line" ON "customer_packages" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "package_credit_entries_package" ON "package_credit_entries" USING btree ("package_id","created_at");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_credits" CHECK ("order_lines"."credits_used" >= 0 and "order_lines"."credits_used" <= "order_lines"."quantity");