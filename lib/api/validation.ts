import type { Context } from 'hono';
import { ApiError, validationError } from './errors';

/** Minimal view of a zod issue: all we need to name the offending field. */
interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
};

/** The first issue of a failed validation as a VALIDATION_ERROR naming the field. */
export function issueToError(target: string, issues: readonly IssueLike[]): ApiError {
  const issue = issues[0];
  if (!issue) return new ApiError('VALIDATION_ERROR');
  const path = issue.path.map(String).join('.');
  const field =
    issue.code === 'unrecognized_keys' && issue.keys?.[0]
      ? [path, issue.keys[0]].filter(Boolean).join('.')
      : path || (TARGET_NAMES[target] ?? target);
  return validationError(field, issue.message);
}

/**
 * The OpenAPIHono default hook: every schema failure becomes a VALIDATION_ERROR envelope (thrown, so the
 * app's single error handler shapes it).
 */
export function validationHook(
  result:
    { success: true } | { success: false; error: { issues: readonly IssueLike[] }; target: string },
  _c: Context,
): void {
  if (!result.success) throw issueToError(result.target, result.error.issues);
}
