ALTER TABLE "live"."journey_sessions" ADD COLUMN "skipped_steps" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "live"."journey_sessions" ADD COLUMN "mfa_resends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "live"."journey_sessions" ADD COLUMN "mfa_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sandbox"."journey_sessions" ADD COLUMN "skipped_steps" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox"."journey_sessions" ADD COLUMN "mfa_resends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox"."journey_sessions" ADD COLUMN "mfa_sent_at" timestamp with time zone;