-- devices:write and usage:read are new. A key created with every permission (the default) keeps
-- holding every permission; keys created with fewer are left as they are.
UPDATE "public"."api_keys"
SET "permissions" = array_append("permissions", 'devices:write')
WHERE "permissions" @> ARRAY['devices:read', 'journeys:write', 'webhooks:manage']::text[]
  AND NOT ('devices:write' = ANY("permissions"));--> statement-breakpoint
UPDATE "public"."api_keys"
SET "permissions" = array_append("permissions", 'usage:read')
WHERE "permissions" @> ARRAY['devices:read', 'journeys:write', 'webhooks:manage']::text[]
  AND NOT ('usage:read' = ANY("permissions"));
