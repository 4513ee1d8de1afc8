CREATE TABLE "live"."action_idempotency_keys" (
	"customer_id" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"action_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_idempotency_keys_customer_id_key_pk" PRIMARY KEY("customer_id","key")
);
--> statement-breakpoint
CREATE TABLE "live"."actions" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"device_id" text NOT NULL,
	"type" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"failure_reason" text,
	"schedule_id" text,
	"occurrence_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "live"."schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"device_id" text NOT NULL,
	"action_type" text NOT NULL,
	"action_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"days" text[] NOT NULL,
	"time" text NOT NULL,
	"timezone" text NOT NULL,
	"next_occurrence_at" timestamp with time zone NOT NULL,
	"last_occurrence_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."action_idempotency_keys" (
	"customer_id" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"action_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_idempotency_keys_customer_id_key_pk" PRIMARY KEY("customer_id","key")
);
--> statement-breakpoint
CREATE TABLE "sandbox"."actions" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"device_id" text NOT NULL,
	"type" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"failure_reason" text,
	"schedule_id" text,
	"occurrence_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "sandbox"."simulated_oem_commands" (
	"oem" text NOT NULL,
	"key" text NOT NULL,
	"oem_device_id" text NOT NULL,
	"type" text NOT NULL,
	"params" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"sequence" integer NOT NULL,
	"calls" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "simulated_oem_commands_oem_key_pk" PRIMARY KEY("oem","key")
);
--> statement-breakpoint
CREATE TABLE "sandbox"."schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"device_id" text NOT NULL,
	"action_type" text NOT NULL,
	"action_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"days" text[] NOT NULL,
	"time" text NOT NULL,
	"timezone" text NOT NULL,
	"next_occurrence_at" timestamp with time zone NOT NULL,
	"last_occurrence_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live"."devices" ADD COLUMN "applied_actions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox"."devices" ADD COLUMN "applied_actions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "live"."actions" ADD CONSTRAINT "actions_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "live"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live"."schedules" ADD CONSTRAINT "schedules_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "live"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox"."actions" ADD CONSTRAINT "actions_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "sandbox"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox"."schedules" ADD CONSTRAINT "schedules_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "sandbox"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_action_idempotency_keys_created_idx" ON "live"."action_idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "live_actions_due_idx" ON "live"."actions" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "live_actions_device_idx" ON "live"."actions" USING btree ("device_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "live_actions_occurrence_idx" ON "live"."actions" USING btree ("schedule_id","occurrence_at");--> statement-breakpoint
CREATE INDEX "live_schedules_due_idx" ON "live"."schedules" USING btree ("next_occurrence_at");--> statement-breakpoint
CREATE INDEX "live_schedules_device_idx" ON "live"."schedules" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "sandbox_action_idempotency_keys_created_idx" ON "sandbox"."action_idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sandbox_actions_due_idx" ON "sandbox"."actions" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "sandbox_actions_device_idx" ON "sandbox"."actions" USING btree ("device_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_actions_occurrence_idx" ON "sandbox"."actions" USING btree ("schedule_id","occurrence_at");--> statement-breakpoint
CREATE UNIQUE INDEX "simulated_oem_commands_device_sequence_idx" ON "sandbox"."simulated_oem_commands" USING btree ("oem","oem_device_id","sequence");--> statement-breakpoint
CREATE INDEX "sandbox_schedules_due_idx" ON "sandbox"."schedules" USING btree ("next_occurrence_at");--> statement-breakpoint
CREATE INDEX "sandbox_schedules_device_idx" ON "sandbox"."schedules" USING btree ("device_id");