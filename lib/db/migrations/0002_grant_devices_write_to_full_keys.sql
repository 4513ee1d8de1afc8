-- devices:write is new. A key created with every permission (the default) keeps holding every
-- permission; keys created with fewer are left as they are.
UPDATE "public"."api_keys"
SET "permissions" = array_append("permissions", 'devices:write')
WHERE "permissions" @> ARRAY['devices:read', 'journeys:write', 'webhooks:manage']::text[]
  AND NOT ('devices:write' = ANY("permissions"));
