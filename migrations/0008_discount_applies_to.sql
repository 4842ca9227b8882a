ALTER TABLE "items" ADD COLUMN "discount_applies_to" text;--> statement-breakpoint
ALTER TABLE "customer_packages" ADD COLUMN "discount_applies_to" text DEFAULT 'services' NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "discount_applies_to" text DEFAULT 'services' NOT NULL;--> statement-breakpoint
UPDATE "items" SET "discount_applies_to" = 'services' WHERE "kind" IN ('package', 'membership');