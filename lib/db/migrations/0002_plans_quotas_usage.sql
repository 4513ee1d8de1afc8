CREATE TABLE "usage_hours" (
	"key_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"environment" text NOT NULL,
	"route" text NOT NULL,
	"status_class" smallint NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"requests" integer NOT NULL,
	"rate_limited" integer DEFAULT 0 NOT NULL,
	"quota_refused" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_hours_bucket_key_id_route_status_class_pk" PRIMARY KEY("bucket","key_id","route","status_class")
);
--> statement-breakpoint
CREATE TABLE "usage_minutes" (
	"key_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"environment" text NOT NULL,
	"route" text NOT NULL,
	"status_class" smallint NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"requests" integer NOT NULL,
	"rate_limited" integer DEFAULT 0 NOT NULL,
	"quota_refused" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_minutes_bucket_key_id_route_status_class_pk" PRIMARY KEY("bucket","key_id","route","status_class")
);
--> statement-breakpoint
CREATE TABLE "usage_months" (
	"customer_id" text NOT NULL,
	"environment" text NOT NULL,
	"month" timestamp with time zone NOT NULL,
	"used" bigint NOT NULL,
	CONSTRAINT "usage_months_customer_id_environment_month_pk" PRIMARY KEY("customer_id","environment","month")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rate_limit" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "plan" text DEFAULT 'starter' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "rate_limit" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "monthly_quota" bigint DEFAULT 100000 NOT NULL;--> statement-breakpoint
CREATE INDEX "usage_hours_customer_idx" ON "usage_hours" USING btree ("customer_id","environment","bucket");--> statement-breakpoint
CREATE INDEX "usage_minutes_customer_idx" ON "usage_minutes" USING btree ("customer_id","environment","bucket");