/**
 * Names as a person reads them in a sentence: "A", "A and B", "A, B and C", and past `max` the first
 * few and a count ("A, B, C and 22 more"). Pure, for the journey's screens.
 */
export function nameList(names: readonly string[], max = 3): string {
  if (names.length === 0) return '';
  if (names.length === 1) return names[0]!;
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
