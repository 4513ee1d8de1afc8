ALTER TABLE "customer_apps" ADD COLUMN "primary_color" text;--> statement-breakpoint
ALTER TABLE "customer_apps" ADD COLUMN "allowed_origins" text[] DEFAULT '{}'::text[] NOT NULL;