/**
 * A form's own validation message in the journey's language: the shared zod schemas word them in
 * English, and the server sends each step the translations by that wording.
 */
export function localized(
  view: { text: { validation: Readonly<Record<string, string>> } },
  message: string | undefined,
): string | undefined {
  if (!message) return undefined;
  return Object.hasOwn(view.text.validation, message) ? view.text.validation[message] : message;
}
