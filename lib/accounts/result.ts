/** What every dashboard action returns: data, or a code with a message a person can act on. */
export type Failure = {
  ok: false;
  code: string;
  message: string;
  /** The HTTP status the refusal stands for (403 for a role refusal). */
  status: number;
  fieldErrors?: Record<string, string>;
};

export type Result<T> = ({ ok: true } & T) | Failure;

export function failure(
  code: string,
  message: string,
  fieldErrors?: Record<string, string>,
  status = 400,
): Failure {
  return { ok: false, code, message, status, ...(fieldErrors ? { fieldErrors } : {}) };
}
