import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { randomId } from '../crypto';
import type { Db } from '../db/client';
import type { Environment } from '../db/schema';
import { ENVIRONMENTS, apiKeys, customers } from '../db/schema';
import { recordKeyAudit } from './audit';
import { InvalidKeyInputError, NotFoundError } from './errors';
import { generateApiKey } from './key-format';
import type { ApiPermission } from './permissions';
import { ALL_PERMISSIONS, apiPermissionSchema } from './permissions';
import { keyRateLimitSchema } from './update-api-key';

const createInputSchema = z
  .object({
    customerId: z.string().min(1),
    environment: z.enum(ENVIRONMENTS),
    name: z.string().trim().min(1).max(200).optional(),
    expiresAt: z.date().optional(),
    permissions: z.array(apiPermissionSchema).min(1).optional(),
    /** Requests per second for this key, below its plan's (the lower of the two applies). */
    rateLimit: keyRateLimitSchema.optional(),
    /** Who asked for the key, for the audit log (`admin` for the CLI, `seed` at first start…). */
    actor: z.string().min(1).max(100).optional(),
  })
  .strict();

export interface CreateApiKeyInput {
  customerId: string;
  environment: Environment;
  name?: string;
  expiresAt?: Date;
  permissions?: ApiPermission[];
  rateLimit?: number;
  actor?: string;
}

/**
 * Creates an API key and returns it: the only time the key exists outside the caller's hands, since
 * only its SHA-256 hash is stored. Throws NotFoundError for an unknown customer.
 */
export async function createApiKey(
  db: Db,
  input: CreateApiKeyInput,
  now: Date = new Date(),
): Promise<{ keyId: string; key: string }> {
  const parsed = createInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidKeyInputError(
      `Invalid API key input: ${issue ? `${issue.path.join('.') || 'input'}: ${issue.message}` : 'unknown'}`,
    );
  }
  const { customerId, environment, name, expiresAt, rateLimit } = parsed.data;
  if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= now)) {
    throw new InvalidKeyInputError('Invalid API key input: expiresAt must be in the future');
  }
  const permissions = [...new Set(parsed.data.permissions ?? ALL_PERMISSIONS)];
  const generated = generateApiKey(environment);
  const keyId = randomId('key');

  await db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.id, customerId));
    if (!customer) throw new NotFoundError(`Unknown customer ${customerId}`);
    await tx.insert(apiKeys).values({
      id: keyId,
      customerId,
      environment,
      prefix: generated.displayPrefix,
      hash: generated.hash,
      name: name ?? null,
      permissions,
      rateLimit: rateLimit ?? null,
      expiresAt: expiresAt ?? null,
      createdAt: now,
    });
    await recordKeyAudit(tx, {
      action: 'key.created',
      keyId,
      customerId,
      environment,
      actor: parsed.data.actor ?? 'admin',
      at: now,
      details: {
        prefix: generated.displayPrefix,
        permissions,
        expiresAt: expiresAt?.toISOString() ?? null,
        ...(rateLimit === undefined ? {} : { rateLimit }),
      },
    });
  });
  return { keyId, key: generated.key };
}
