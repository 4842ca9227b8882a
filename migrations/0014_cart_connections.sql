CREATE TABLE "cart_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"kind" text NOT NULL,
	"tandem_id" text NOT NULL,
	"changes" integer DEFAULT 1 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connection_bindings" (
	"connection_id" text NOT NULL,
	"entity" text NOT NULL,
	"external_id" text NOT NULL,
	"tandem_id" text NOT NULL,
	"external_updated_at" timestamp with time zone,
	"external_status" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connection_bindings_connection_id_entity_external_id_pk" PRIMARY KEY("connection_id","entity","external_id")
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"credentials_sealed" text NOT NULL,
	"credentials_set" text[] NOT NULL,
	"options" jsonb NOT NULL,
	"sync_status" text DEFAULT 'STOPPED' NOT NULL,
	"tested_fingerprint" text,
	"tested_at" timestamp with time zone,
	"last_test_ok" text,
	"last_test_detail" text,
	"cursors" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stopped_reason" text,
	"next_run_at" timestamp with time zone,
	"run_requested_at" timestamp with time zone,
	"run_requested_by" text,
	"webhook_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_type" CHECK ("connections"."type" in ('woocommerce', 'prestashop', 'shopify', 'custom')),
	CONSTRAINT "connections_sync_status" CHECK ("connections"."sync_status" in ('RUNNING', 'STOPPED'))
);
--> statement-breakpoint
CREATE TABLE "sync_errors" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"entity" text NOT NULL,
	"external_id" text,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"entity" text,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"imported" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"detail" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"connection_id" text NOT NULL,
	"delivery_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_connection_id_delivery_id_pk" PRIMARY KEY("connection_id","delivery_id")
);
--> statement-breakpoint
ALTER TABLE "order_tenders" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "order_tenders" ADD COLUMN "reference" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "state" text DEFAULT 'confirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "document_kind" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "external_number" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connection_bindings" ADD CONSTRAINT "connection_bindings_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_errors" ADD CONSTRAINT "sync_errors_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_outbox_one_per_record" ON "cart_outbox" USING btree ("connection_id","kind","tandem_id");--> statement-breakpoint
CREATE INDEX "cart_outbox_due" ON "cart_outbox" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "connection_bindings_tandem" ON "connection_bindings" USING btree ("connection_id","entity","tandem_id");--> statement-breakpoint
CREATE INDEX "connection_bindings_by_tandem_id" ON "connection_bindings" USING btree ("tandem_id");--> statement-breakpoint
CREATE INDEX "connections_created" ON "connections" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "sync_errors_run" ON "sync_errors" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "sync_runs_connection" ON "sync_runs" USING btree ("connection_id","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received" ON "webhook_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "orders_pending_created" ON "orders" USING btree ("created_at","id") WHERE "orders"."state" = 'pending';--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_state" CHECK ("orders"."state" in ('pending', 'confirmed'));--> statement-breakpoint
-- A stock movement of an item bound to a cart that takes real-time stock queues that item's level
-- for the cart in the movement's own transaction: whatever moves stock, nothing is missed, and the
-- register's sale makes no extra round trip. One unsent row per connection and item.
CREATE FUNCTION cart_outbox_stock_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  queued integer;
BEGIN
  INSERT INTO cart_outbox (connection_id, kind, tandem_id)
  SELECT b.connection_id, 'stock', NEW.item_id
    FROM connection_bindings b
    JOIN connections c ON c.id = b.connection_id
   WHERE b.tandem_id = NEW.item_id AND b.entity = 'items'
     AND coalesce((c.options -> 'toCart' ->> 'stock')::boolean, false)
     -- What a cart's own sync run changes is not sent back to that cart.
     AND c.id IS DISTINCT FROM nullif(current_setting('tandem.sync_origin', true), '')
  ON CONFLICT (connection_id, kind, tandem_id) DO UPDATE SET changes = cart_outbox.changes + 1;
  GET DIAGNOSTICS queued = ROW_COUNT;
  IF queued > 0 THEN
    PERFORM pg_notify('tandem_cart_outbox', '');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stock_movements_to_carts AFTER INSERT ON stock_movements
  FOR EACH ROW EXECUTE FUNCTION cart_outbox_stock_moved();
--> statement-breakpoint
-- An edit in Tandem of an item or customer bound to a cart that takes such updates queues the
-- record for that cart, in the edit's transaction. Only the fields carts hold count as an edit.
CREATE FUNCTION cart_outbox_record_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  queued integer;
  bound_as text := CASE TG_TABLE_NAME WHEN 'items' THEN 'items' ELSE 'customers' END;
  push_as text := CASE TG_TABLE_NAME WHEN 'items' THEN 'item' ELSE 'customer' END;
BEGIN
  INSERT INTO cart_outbox (connection_id, kind, tandem_id)
  SELECT b.connection_id, push_as, NEW.id
    FROM connection_bindings b
    JOIN connections c ON c.id = b.connection_id
   WHERE b.tandem_id = NEW.id AND b.entity = bound_as
     AND coalesce((c.options -> 'toCart' ->> bound_as)::boolean, false)
     AND c.id IS DISTINCT FROM nullif(current_setting('tandem.sync_origin', true), '')
  ON CONFLICT (connection_id, kind, tandem_id) DO UPDATE SET changes = cart_outbox.changes + 1;
  GET DIAGNOSTICS queued = ROW_COUNT;
  IF queued > 0 THEN
    PERFORM pg_notify('tandem_cart_outbox', '');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER items_to_carts AFTER UPDATE ON items
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.sku IS DISTINCT FROM NEW.sku
                     OR OLD.price IS DISTINCT FROM NEW.price OR OLD.active IS DISTINCT FROM NEW.active)
  EXECUTE FUNCTION cart_outbox_record_changed();
--> statement-breakpoint
CREATE TRIGGER customers_to_carts AFTER UPDATE ON customers
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email
                     OR OLD.phone IS DISTINCT FROM NEW.phone)
  EXECUTE FUNCTION cart_outbox_record_changed();
