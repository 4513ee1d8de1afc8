CREATE TABLE "app_logos" (
	"app_id" text PRIMARY KEY NOT NULL,
	"source_url" text NOT NULL,
	"content_type" text,
	"body" text,
	"sha256" text,
	"failure" text,
	"fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live"."journey_sessions" ADD COLUMN "skipped_steps" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "live"."journey_sessions" ADD COLUMN "mfa_resends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "live"."journey_sessions" ADD COLUMN "mfa_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sandbox"."journey_sessions" ADD COLUMN "skipped_steps" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox"."journey_sessions" ADD COLUMN "mfa_resends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox"."journey_sessions" ADD COLUMN "mfa_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "app_logos" ADD CONSTRAINT "app_logos_app_id_customer_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."customer_apps"("id") ON DELETE cascade ON UPDATE no action;