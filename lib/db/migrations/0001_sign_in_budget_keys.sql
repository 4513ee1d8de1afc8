ALTER TABLE "live"."journey_events" ADD COLUMN "customer_id" text;--> statement-breakpoint
ALTER TABLE "live"."journey_events" ADD COLUMN "client_ref" text;--> statement-breakpoint
ALTER TABLE "sandbox"."journey_events" ADD COLUMN "customer_id" text;--> statement-breakpoint
ALTER TABLE "sandbox"."journey_events" ADD COLUMN "client_ref" text;