'use server';

/**
 * The bare server action: same call shape as a journey step (`[token, input]` in, `{ ok, data }` out)
 * and no work at all, so it measures what Next itself costs per action.
 */
export async function bareAction(
  token: string,
  input: unknown,
): Promise<{ ok: true; data: { token: string; input: unknown } }> {
  return { ok: true, data: { token, input } };
}
