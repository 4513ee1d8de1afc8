CREATE TABLE "live"."funnel_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"app_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"event" text NOT NULL,
	"step" text,
	"oem" text,
	"code" text
);
--> statement-breakpoint
CREATE TABLE "sandbox"."funnel_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"app_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"event" text NOT NULL,
	"step" text,
	"oem" text,
	"code" text
);
--> statement-breakpoint
CREATE INDEX "live_funnel_events_customer_idx" ON "live"."funnel_events" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "sandbox_funnel_events_customer_idx" ON "sandbox"."funnel_events" USING btree ("customer_id","at");