/**
 * An OEM account identifier as a person may be shown it to recognise their own account, never
 * enough to read it: the first and last characters around a fixed mask ("user_good" → "u•••d").
 */
export function maskAccount(identifier: string): string {
  const chars = [...identifier.trim()];
  if (chars.length < 3) return '•••';
  return `${chars[0]}•••${chars.at(-1)}`;
}
