/** The referenced record does not exist (e.g. `Unknown customer cus_x`). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The input to a key operation is invalid (bad permission, expiry in the past…). */
export class InvalidKeyInputError extends Error {
  override name = 'InvalidKeyInputError';
}
