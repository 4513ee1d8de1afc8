/**
 * What the delivery log says about a failed attempt: a generic class, never the receiver's answer or
 * the system's error text (which would let a customer read or map whatever the target was).
 */
export const WEBHOOK_ERROR_CLASSES = [
  /** A response arrived with a non-2xx status (the status code is kept beside it). */
  'http_error',
  'timeout',
  'connection_refused',
  'connection_reset',
  'dns',
  'tls',
  'unreachable',
  /** The target resolved to an address this environment may not send to. */
  'blocked_address',
  /** The stored URL is no longer acceptable for the environment. */
  'invalid_url',
  /** The signing secret could not be opened (the server's secret changed). */
  'signing',
  'network',
  /** Pending deliveries of an endpoint that was disabled or deleted. */
  'endpoint_disabled',
  'endpoint_deleted',
] as const;
export type WebhookErrorClass = (typeof WEBHOOK_ERROR_CLASSES)[number];

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|HOSTNAME_MISMATCH|EPROTO$)/;

/** The class of a network error raised while sending. */
export function classifyNetworkError(error: NodeJS.ErrnoException): WebhookErrorClass {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'timeout';
  const code = error.code ?? '';
  if (code === 'EBLOCKEDADDRESS') return 'blocked_address';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || error.message === 'socket hang up')
    return 'connection_reset';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA' || code === 'ESERVFAIL')
    return 'dns';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL')
    return 'unreachable';
  if (TLS_CODE.test(code) || /ssl|tls|certificate/i.test(error.message)) return 'tls';
  return 'network';
}
