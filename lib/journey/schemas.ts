import { z } from 'zod';
import { DEVICE_TYPES, ENVIRONMENTS } from '../vocabulary';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../validation/storable-text';
import { languageSchema } from '../validation/language';

// No runtime code generation: the journey's CSP allows no eval, so zod must not probe for it.
z.config({ jitless: true });

/**
 * Step input schemas, shared by each step's form (zodResolver) and its server action.
 * Strict: unknown fields are refused, not silently dropped.
 */

export const stepTokenSchema = z.string().min(1).max(4096);

export const passwordCredentialsSchema = z
  .object({
    username: z.string().trim().min(1, 'Enter your username').max(256, 'Username is too long'),
    password: z.string().min(1, 'Enter your password').max(1024, 'Password is too long'),
  })
  .strict();

export const apiKeyCredentialsSchema = z
  .object({
    apiKey: z.string().trim().min(1, 'Enter your API key').max(1024, 'API key is too long'),
  })
  .strict();

export const credentialsSchema = z.union([passwordCredentialsSchema, apiKeyCredentialsSchema]);

export const mfaSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'Enter the 6-digit code'),
  })
  .strict();

export const choiceSchema = z.object({ id: z.string().min(1).max(64) }).strict();

export const deviceSelectionSchema = z
  .object({
    deviceIds: z.array(z.string().min(1).max(128)).min(1, 'Select at least one device').max(200),
  })
  .strict();

/** Steps that take no input beyond their token (consent, Back, Cancel). */
export const noInputSchema = z.undefined({ error: 'This step takes no input' });

export type PasswordCredentials = z.infer<typeof passwordCredentialsSchema>;
export type ApiKeyCredentials = z.infer<typeof apiKeyCredentialsSchema>;
export type MfaInput = z.infer<typeof mfaSchema>;

/** An OEM id as the catalogue spells them (`volta`, `ampere`, …). */
export const oemIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'oem is not an OEM id (such as "volta")');

export const deviceTypeSchema = z.enum(
  DEVICE_TYPES,
  `deviceType must be one of ${DEVICE_TYPES.join(', ')}`,
);

/** Launch parameters of `GET /journey`. */
export const launchParamsSchema = z.object({
  appId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'appId is not a valid application id')
    .optional(),
  userId: z
    .string()
    .trim()
    .min(1)
    .max(256, 'userId is too long')
    .refine(isStorableText, `userId ${STORABLE_TEXT_MESSAGE}`)
    .optional(),
  state: z
    .string()
    .max(1024, 'state is too long (1024 characters at most)')
    .refine(isStorableText, `state ${STORABLE_TEXT_MESSAGE}`)
    .optional(),
  environment: z.enum(ENVIRONMENTS, 'environment must be sandbox or live').optional(),
  /** The device type the app already knows: the journey starts at the OEM step. */
  deviceType: deviceTypeSchema.optional(),
  /** The OEM the app already knows: the journey starts at its sign-in. */
  oem: oemIdSchema.optional(),
  launch: z.string().max(4096).optional(),
  /** The journey's language (en, de, fr, es, nl); without it the browser's Accept-Language. */
  language: languageSchema.optional(),
});
