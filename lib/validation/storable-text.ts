/**
 * Text that can be stored and echoed back unchanged. PostgreSQL text cannot hold NUL (the query
 * fails), and a lone UTF-16 surrogate has no UTF-8 form (it would be silently replaced). Inputs with
 * either are refused as input errors wherever they enter: the REST API and the journey's launch.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

export function isStorableText(value: string): boolean {
  return !value.includes('\0') && !LONE_SURROGATE.test(value);
}
