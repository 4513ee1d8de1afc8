import { IncomingMessage } from 'node:http';
import { ACTION_BODY_LIMIT_BYTES } from './action-body-limit';
import { checkActionOrigin } from './origin';

/**
 * Server action calls are screened by the custom server before Next sees them: Next answers a
 * foreign Origin or a body it cannot decode with its own 500 (an error page with a digest). Here they
 * get an honest 403 or 400 and never reach Next or any action code.
 */

export interface ActionRequestHead {
  method: string | undefined;
  nextAction: string | undefined;
  contentType: string | undefined;
  contentLength: string | undefined;
  origin: string | undefined;
  host: string | undefined;
}

export type ScreenVerdict =
  { ok: true } | { ok: false; status: 400 | 403 | 411 | 413; message: string };

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];

/** A server action call: the client runtime's (`next-action`), or a form posted without scripts. */
export function isActionRequest(head: ActionRequestHead): boolean {
  if (head.method !== 'POST') return false;
  const type = head.contentType?.toLowerCase() ?? '';
  return head.nextAction !== undefined || FORM_TYPES.some((t) => type.startsWith(t));
}

/** What can be judged before reading the body: Origin, declared length. */
export function screenHead(head: ActionRequestHead): ScreenVerdict {
  if (!checkActionOrigin(head.origin ?? null, head.host ?? null)) {
    return { ok: false, status: 403, message: 'This request did not come from this site.' };
  }
  if (head.contentLength === undefined) {
    return { ok: false, status: 411, message: 'A server action call needs a Content-Length.' };
  }
  const length = Number(head.contentLength);
  if (!Number.isSafeInteger(length) || length < 0) {
    return { ok: false, status: 400, message: 'Malformed Content-Length.' };
  }
  if (length > ACTION_BODY_LIMIT_BYTES) {
    return { ok: false, status: 413, message: 'Request body too large.' };
  }
  return { ok: true };
}

const MALFORMED: ScreenVerdict = {
  ok: false,
  status: 400,
  message: 'Malformed server action call.',
};

/**
 * The body's envelope, as the client runtime encodes it: a JSON array of arguments (text/plain), or
 * a complete multipart body. What is inside the arguments is for each action's own schema.
 */
export function screenBody(contentType: string | undefined, body: Buffer): ScreenVerdict {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('text/plain')) {
    try {
      return Array.isArray(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)))
        ? { ok: true }
        : MALFORMED;
    } catch {
      return MALFORMED;
    }
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
    const value = boundary?.[1] ?? boundary?.[2];
    if (!value) return MALFORMED;
    const text = body.toString('latin1');
    return text.startsWith(`--${value}`) && text.trimEnd().endsWith(`--${value}--`)
      ? { ok: true }
      : MALFORMED;
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return { ok: true };
  return MALFORMED;
}

function headOf(req: IncomingMessage): ActionRequestHead {
  const single = (value: string | string[] | undefined) =>
    Array.isArray(value) ? value[0] : value;
  return {
    method: req.method,
    nextAction: single(req.headers['next-action']),
    contentType: single(req.headers['content-type']),
    contentLength: single(req.headers['content-length']),
    origin: single(req.headers.origin),
    host: single(req.headers.host),
  };
}

/**
 * Screens a request for Next: anything but a server action call passes untouched; an action call is
 * read (it is small: its length was checked) and judged, and on success handed on as an equivalent
 * request whose body can be read again.
 */
export async function screenActionRequest(
  req: IncomingMessage,
): Promise<{ ok: true; req: IncomingMessage } | Extract<ScreenVerdict, { ok: false }>> {
  const head = headOf(req);
  if (!isActionRequest(head)) return { ok: true, req };
  const verdict = screenHead(head);
  if (!verdict.ok) return verdict;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > ACTION_BODY_LIMIT_BYTES) {
      return { ok: false, status: 413, message: 'Request body too large.' };
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const judged = screenBody(head.contentType, body);
  if (!judged.ok) return judged;
  return { ok: true, req: replay(req, body) };
}

/** A request like `req`, on the same socket, whose body (already read) can be read again. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  copy.push(body);
  copy.push(null);
  // Fully received: destroying it later (as stream helpers do once read) must not look like an
  // aborted request, which would destroy the shared socket before the response is written.
  copy.complete = true;
  return copy;
}
