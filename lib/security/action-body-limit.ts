/**
 * Server action bodies are capped at 16 KB (`experimental.serverActions.bodySizeLimit: '16kb'` in
 * next.config.ts; keep the two equal). Next enforces its limit while reading the body and then fails
 * the request with a 500; checking the declared length first answers an honest 413 before any of
 * the body is read or any action code runs. A body without a declared length (chunked) is still cut
 * off by Next's own limit.
 */
export const ACTION_BODY_LIMIT_BYTES = 16 * 1024;

export interface ActionRequestInfo {
  method: string;
  contentLength: string | null;
  /** The `next-action` header: set on every action call made by the client runtime. */
  nextAction: string | null;
  contentType: string | null;
}

/**
 * True for a server action call (the client runtime's, or a form posted without JavaScript) whose
 * declared body is larger than any action accepts, or whose length is malformed. Other requests,
 * such as JSON posted to a route handler, are left to their handlers.
 */
export function isOversizedActionRequest(request: ActionRequestInfo): boolean {
  if (request.method !== 'POST' || request.contentLength === null) return false;
  const type = request.contentType?.toLowerCase() ?? '';
  const isAction =
    request.nextAction !== null ||
    type.startsWith('multipart/form-data') ||
    type.startsWith('application/x-www-form-urlencoded');
  if (!isAction) return false;
  const length = Number(request.contentLength);
  return !Number.isSafeInteger(length) || length < 0 || length > ACTION_BODY_LIMIT_BYTES;
}
