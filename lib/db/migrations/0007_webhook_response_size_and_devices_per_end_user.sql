DROP INDEX "live"."live_devices_oem_device_idx";--> statement-breakpoint
DROP INDEX "sandbox"."sandbox_devices_oem_device_idx";--> statement-breakpoint
ALTER TABLE "live"."webhook_attempts" ADD COLUMN "response_bytes" integer;--> statement-breakpoint
ALTER TABLE "live"."webhook_deliveries" ADD COLUMN "last_response_bytes" integer;--> statement-breakpoint
ALTER TABLE "sandbox"."webhook_attempts" ADD COLUMN "response_bytes" integer;--> statement-breakpoint
ALTER TABLE "sandbox"."webhook_deliveries" ADD COLUMN "last_response_bytes" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "live_devices_user_oem_device_idx" ON "live"."devices" USING btree ("customer_id","end_user_id","oem","oem_device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_devices_user_oem_device_idx" ON "sandbox"."devices" USING btree ("customer_id","end_user_id","oem","oem_device_id");--> statement-breakpoint
CREATE INDEX "live_devices_oem_device_idx" ON "live"."devices" USING btree ("customer_id","oem","oem_device_id");--> statement-breakpoint
CREATE INDEX "sandbox_devices_oem_device_idx" ON "sandbox"."devices" USING btree ("customer_id","oem","oem_device_id");--> statement-breakpoint
-- Response bodies were once kept as the last error; keep only their class (a receiver's words never stay).
UPDATE "live"."webhook_deliveries" SET "last_error" = CASE
    WHEN "last_error" IS NULL THEN NULL
    WHEN "last_error" IN ('http_error','timeout','connection_refused','connection_reset','dns','tls','unreachable','blocked_address','invalid_url','signing','network','endpoint_disabled','endpoint_deleted') THEN "last_error"
    WHEN "last_error" LIKE 'HTTP %' THEN 'http_error'
    WHEN "last_error" LIKE 'timed out%' OR "last_error" LIKE 'ETIMEDOUT%' THEN 'timeout'
    WHEN "last_error" LIKE 'ECONNREFUSED%' THEN 'connection_refused'
    WHEN "last_error" LIKE 'ECONNRESET%' OR "last_error" LIKE 'EPIPE%' THEN 'connection_reset'
    WHEN "last_error" LIKE 'ENOTFOUND%' OR "last_error" LIKE 'EAI_AGAIN%' OR "last_error" LIKE 'ENODATA%' THEN 'dns'
    WHEN "last_error" LIKE 'EHOSTUNREACH%' OR "last_error" LIKE 'ENETUNREACH%' THEN 'unreachable'
    WHEN "last_error" LIKE '%may not be sent to' OR "last_error" LIKE '%has no usable address' THEN 'blocked_address'
    WHEN "last_error" LIKE 'could not sign%' THEN 'signing'
    WHEN "last_error" = 'endpoint deleted' THEN 'endpoint_deleted'
    WHEN "last_error" LIKE 'endpoint disabled%' THEN 'endpoint_disabled'
    WHEN "last_error" LIKE 'ERR_TLS%' OR "last_error" LIKE 'ERR_SSL%' OR "last_error" LIKE 'CERT_%' OR "last_error" LIKE 'DEPTH_ZERO%' OR "last_error" LIKE 'SELF_SIGNED%' OR "last_error" LIKE 'UNABLE_TO%' OR "last_error" LIKE 'EPROTO%' THEN 'tls'
    WHEN "last_error" LIKE '%URL%' THEN 'invalid_url'
    ELSE 'network'
  END
  WHERE "last_error" IS NOT NULL;--> statement-breakpoint
UPDATE "live"."webhook_attempts" SET "error" = CASE
    WHEN "error" IS NULL THEN NULL
    WHEN "error" IN ('http_error','timeout','connection_refused','connection_reset','dns','tls','unreachable','blocked_address','invalid_url','signing','network','endpoint_disabled','endpoint_deleted') THEN "error"
    WHEN "error" LIKE 'HTTP %' THEN 'http_error'
    WHEN "error" LIKE 'timed out%' OR "error" LIKE 'ETIMEDOUT%' THEN 'timeout'
    WHEN "error" LIKE 'ECONNREFUSED%' THEN 'connection_refused'
    WHEN "error" LIKE 'ECONNRESET%' OR "error" LIKE 'EPIPE%' THEN 'connection_reset'
    WHEN "error" LIKE 'ENOTFOUND%' OR "error" LIKE 'EAI_AGAIN%' OR "error" LIKE 'ENODATA%' THEN 'dns'
    WHEN "error" LIKE 'EHOSTUNREACH%' OR "error" LIKE 'ENETUNREACH%' THEN 'unreachable'
    WHEN "error" LIKE '%may not be sent to' OR "error" LIKE '%has no usable address' THEN 'blocked_address'
    WHEN "error" LIKE 'could not sign%' THEN 'signing'
    WHEN "error" = 'endpoint deleted' THEN 'endpoint_deleted'
    WHEN "error" LIKE 'endpoint disabled%' THEN 'endpoint_disabled'
    WHEN "error" LIKE 'ERR_TLS%' OR "error" LIKE 'ERR_SSL%' OR "error" LIKE 'CERT_%' OR "error" LIKE 'DEPTH_ZERO%' OR "error" LIKE 'SELF_SIGNED%' OR "error" LIKE 'UNABLE_TO%' OR "error" LIKE 'EPROTO%' THEN 'tls'
    WHEN "error" LIKE '%URL%' THEN 'invalid_url'
    ELSE 'network'
  END
  WHERE "error" IS NOT NULL;--> statement-breakpoint
UPDATE "sandbox"."webhook_deliveries" SET "last_error" = CASE
    WHEN "last_error" IS NULL THEN NULL
    WHEN "last_error" IN ('http_error','timeout','connection_refused','connection_reset','dns','tls','unreachable','blocked_address','invalid_url','signing','network','endpoint_disabled','endpoint_deleted') THEN "last_error"
    WHEN "last_error" LIKE 'HTTP %' THEN 'http_error'
    WHEN "last_error" LIKE 'timed out%' OR "last_error" LIKE 'ETIMEDOUT%' THEN 'timeout'
    WHEN "last_error" LIKE 'ECONNREFUSED%' THEN 'connection_refused'
    WHEN "last_error" LIKE 'ECONNRESET%' OR "last_error" LIKE 'EPIPE%' THEN 'connection_reset'
    WHEN "last_error" LIKE 'ENOTFOUND%' OR "last_error" LIKE 'EAI_AGAIN%' OR "last_error" LIKE 'ENODATA%' THEN 'dns'
    WHEN "last_error" LIKE 'EHOSTUNREACH%' OR "last_error" LIKE 'ENETUNREACH%' THEN 'unreachable'
    WHEN "last_error" LIKE '%may not be sent to' OR "last_error" LIKE '%has no usable address' THEN 'blocked_address'
    WHEN "last_error" LIKE 'could not sign%' THEN 'signing'
    WHEN "last_error" = 'endpoint deleted' THEN 'endpoint_deleted'
    WHEN "last_error" LIKE 'endpoint disabled%' THEN 'endpoint_disabled'
    WHEN "last_error" LIKE 'ERR_TLS%' OR "last_error" LIKE 'ERR_SSL%' OR "last_error" LIKE 'CERT_%' OR "last_error" LIKE 'DEPTH_ZERO%' OR "last_error" LIKE 'SELF_SIGNED%' OR "last_error" LIKE 'UNABLE_TO%' OR "last_error" LIKE 'EPROTO%' THEN 'tls'
    WHEN "last_error" LIKE '%URL%' THEN 'invalid_url'
    ELSE 'network'
  END
  WHERE "last_error" IS NOT NULL;--> statement-breakpoint
UPDATE "sandbox"."webhook_attempts" SET "error" = CASE
    WHEN "error" IS NULL THEN NULL
    WHEN "error" IN ('http_error','timeout','connection_refused','connection_reset','dns','tls','unreachable','blocked_address','invalid_url','signing','network','endpoint_disabled','endpoint_deleted') THEN "error"
    WHEN "error" LIKE 'HTTP %' THEN 'http_error'
    WHEN "error" LIKE 'timed out%' OR "error" LIKE 'ETIMEDOUT%' THEN 'timeout'
    WHEN "error" LIKE 'ECONNREFUSED%' THEN 'connection_refused'
    WHEN "error" LIKE 'ECONNRESET%' OR "error" LIKE 'EPIPE%' THEN 'connection_reset'
    WHEN "error" LIKE 'ENOTFOUND%' OR "error" LIKE 'EAI_AGAIN%' OR "error" LIKE 'ENODATA%' THEN 'dns'
    WHEN "error" LIKE 'EHOSTUNREACH%' OR "error" LIKE 'ENETUNREACH%' THEN 'unreachable'
    WHEN "error" LIKE '%may not be sent to' OR "error" LIKE '%has no usable address' THEN 'blocked_address'
    WHEN "error" LIKE 'could not sign%' THEN 'signing'
    WHEN "error" = 'endpoint deleted' THEN 'endpoint_deleted'
    WHEN "error" LIKE 'endpoint disabled%' THEN 'endpoint_disabled'
    WHEN "error" LIKE 'ERR_TLS%' OR "error" LIKE 'ERR_SSL%' OR "error" LIKE 'CERT_%' OR "error" LIKE 'DEPTH_ZERO%' OR "error" LIKE 'SELF_SIGNED%' OR "error" LIKE 'UNABLE_TO%' OR "error" LIKE 'EPROTO%' THEN 'tls'
    WHEN "error" LIKE '%URL%' THEN 'invalid_url'
    ELSE 'network'
  END
  WHERE "error" IS NOT NULL;
