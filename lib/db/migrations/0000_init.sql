CREATE SCHEMA "live";
--> statement-breakpoint
CREATE SCHEMA "sandbox";
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"environment" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"name" text,
	"permissions" text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"customer_id" text,
	"environment" text,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_apps" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"app_name" text NOT NULL,
	"logo_url" text,
	"redirect_url" text NOT NULL,
	"reconnect_redirect_url" text NOT NULL,
	"supported_oems" text[],
	"entitled_tiers" text[] DEFAULT '{standard}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"live_enabled" boolean DEFAULT false NOT NULL,
	"global_cap" integer,
	"oem_caps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live"."credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"end_user_id" text NOT NULL,
	"app_id" text NOT NULL,
	"oem" text NOT NULL,
	"auth_method" text NOT NULL,
	"account_ref" text NOT NULL,
	"secret" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live"."devices" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"end_user_id" text NOT NULL,
	"credential_id" text NOT NULL,
	"app_id" text NOT NULL,
	"type" text NOT NULL,
	"oem" text NOT NULL,
	"oem_device_id" text NOT NULL,
	"name" text NOT NULL,
	"model" text NOT NULL,
	"capabilities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'connected' NOT NULL,
	"overage" boolean DEFAULT false NOT NULL,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disconnected_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live"."end_users" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live"."journey_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"step" text,
	"account_ref" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live"."journey_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"app_id" text NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"step" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"state" text,
	"device_type" text,
	"oem" text,
	"auth_method" text,
	"account_ref" text,
	"oem_session" text,
	"discovered_devices" jsonb,
	"selected_device_ids" jsonb,
	"credential_id" text,
	"login_failures" integer DEFAULT 0 NOT NULL,
	"mfa_failures" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"device_ids" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "live"."reconnection_links" (
	"id" text PRIMARY KEY NOT NULL,
	"credential_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "live"."webhook_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" integer NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live"."webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live"."webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"url" text NOT NULL,
	"secrets" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "live"."webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"end_user_id" text NOT NULL,
	"app_id" text NOT NULL,
	"oem" text NOT NULL,
	"auth_method" text NOT NULL,
	"account_ref" text NOT NULL,
	"secret" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."devices" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"end_user_id" text NOT NULL,
	"credential_id" text NOT NULL,
	"app_id" text NOT NULL,
	"type" text NOT NULL,
	"oem" text NOT NULL,
	"oem_device_id" text NOT NULL,
	"name" text NOT NULL,
	"model" text NOT NULL,
	"capabilities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'connected' NOT NULL,
	"overage" boolean DEFAULT false NOT NULL,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disconnected_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."end_users" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."journey_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"step" text,
	"account_ref" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."journey_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"app_id" text NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"step" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"state" text,
	"device_type" text,
	"oem" text,
	"auth_method" text,
	"account_ref" text,
	"oem_session" text,
	"discovered_devices" jsonb,
	"selected_device_ids" jsonb,
	"credential_id" text,
	"login_failures" integer DEFAULT 0 NOT NULL,
	"mfa_failures" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"device_ids" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox"."reconnection_links" (
	"id" text PRIMARY KEY NOT NULL,
	"credential_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox"."webhook_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" integer NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"url" text NOT NULL,
	"secrets" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox"."webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_apps" ADD CONSTRAINT "customer_apps_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live"."credentials" ADD CONSTRAINT "credentials_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "live"."end_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live"."devices" ADD CONSTRAINT "devices_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "live"."end_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live"."devices" ADD CONSTRAINT "devices_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "live"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "live"."webhook_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "live"."webhook_endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox"."credentials" ADD CONSTRAINT "credentials_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "sandbox"."end_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox"."devices" ADD CONSTRAINT "devices_end_user_id_end_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "sandbox"."end_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox"."devices" ADD CONSTRAINT "devices_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "sandbox"."credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "sandbox"."webhook_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "sandbox"."webhook_endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "api_keys_customer_idx" ON "api_keys" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "customer_apps_customer_idx" ON "customer_apps" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "live_credentials_account_idx" ON "live"."credentials" USING btree ("customer_id","end_user_id","oem","account_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "live_devices_oem_device_idx" ON "live"."devices" USING btree ("customer_id","oem","oem_device_id");--> statement-breakpoint
CREATE INDEX "live_devices_end_user_idx" ON "live"."devices" USING btree ("end_user_id");--> statement-breakpoint
CREATE INDEX "live_devices_credential_idx" ON "live"."devices" USING btree ("credential_id");--> statement-breakpoint
CREATE UNIQUE INDEX "live_end_users_customer_user_idx" ON "live"."end_users" USING btree ("customer_id","user_id");--> statement-breakpoint
CREATE INDEX "live_journey_events_session_idx" ON "live"."journey_events" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "live_journey_events_account_idx" ON "live"."journey_events" USING btree ("account_ref","at");--> statement-breakpoint
CREATE INDEX "live_journey_sessions_customer_idx" ON "live"."journey_sessions" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "live_webhook_attempts_delivery_idx" ON "live"."webhook_attempts" USING btree ("delivery_id");--> statement-breakpoint
CREATE INDEX "live_webhook_deliveries_due_idx" ON "live"."webhook_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "live_webhook_deliveries_customer_idx" ON "live"."webhook_deliveries" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "live_webhook_endpoints_customer_idx" ON "live"."webhook_endpoints" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "live_webhook_events_customer_idx" ON "live"."webhook_events" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_credentials_account_idx" ON "sandbox"."credentials" USING btree ("customer_id","end_user_id","oem","account_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_devices_oem_device_idx" ON "sandbox"."devices" USING btree ("customer_id","oem","oem_device_id");--> statement-breakpoint
CREATE INDEX "sandbox_devices_end_user_idx" ON "sandbox"."devices" USING btree ("end_user_id");--> statement-breakpoint
CREATE INDEX "sandbox_devices_credential_idx" ON "sandbox"."devices" USING btree ("credential_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_end_users_customer_user_idx" ON "sandbox"."end_users" USING btree ("customer_id","user_id");--> statement-breakpoint
CREATE INDEX "sandbox_journey_events_session_idx" ON "sandbox"."journey_events" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "sandbox_journey_events_account_idx" ON "sandbox"."journey_events" USING btree ("account_ref","at");--> statement-breakpoint
CREATE INDEX "sandbox_journey_sessions_customer_idx" ON "sandbox"."journey_sessions" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "sandbox_webhook_attempts_delivery_idx" ON "sandbox"."webhook_attempts" USING btree ("delivery_id");--> statement-breakpoint
CREATE INDEX "sandbox_webhook_deliveries_due_idx" ON "sandbox"."webhook_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "sandbox_webhook_deliveries_customer_idx" ON "sandbox"."webhook_deliveries" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "sandbox_webhook_endpoints_customer_idx" ON "sandbox"."webhook_endpoints" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "sandbox_webhook_events_customer_idx" ON "sandbox"."webhook_events" USING btree ("customer_id","created_at");