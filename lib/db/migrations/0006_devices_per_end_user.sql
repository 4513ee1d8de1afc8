DROP INDEX "live"."live_devices_oem_device_idx";--> statement-breakpoint
DROP INDEX "sandbox"."sandbox_devices_oem_device_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "live_devices_user_oem_device_idx" ON "live"."devices" USING btree ("customer_id","end_user_id","oem","oem_device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_devices_user_oem_device_idx" ON "sandbox"."devices" USING btree ("customer_id","end_user_id","oem","oem_device_id");--> statement-breakpoint
CREATE INDEX "live_devices_oem_device_idx" ON "live"."devices" USING btree ("customer_id","oem","oem_device_id");--> statement-breakpoint
CREATE INDEX "sandbox_devices_oem_device_idx" ON "sandbox"."devices" USING btree ("customer_id","oem","oem_device_id");