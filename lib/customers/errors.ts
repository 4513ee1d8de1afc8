import type { z } from 'zod';

/** The referenced customer or app does not exist, e.g. `Unknown customer cus_x`. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/**
 * Input rejected by validation. `message` is safe to show to an operator or a customer: it names the
 * field and says what is wrong, never echoing more than the field's name. `reason` is the message
 * without the field, for callers that name the field their own way (the CLI names its flag).
 */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`Invalid ${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** Parses `input` with `schema`, turning the first zod issue into a ValidationError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ValidationError('input', 'is invalid');
  if (issue.code === 'unrecognized_keys') {
    throw new ValidationError(issue.keys[0] ?? 'input', 'is not a known field');
  }
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
  throw new ValidationError(field, issue.message);
}
