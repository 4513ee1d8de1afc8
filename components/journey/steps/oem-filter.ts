import type { Choice } from '@/lib/journey/views';

/** A device type with more OEMs than this gets a search field above its list. */
export const OEM_SEARCH_THRESHOLD = 6;

/** Lower case, accents and punctuation folded: "Citroën" is found by "citroen", "e-Go" by "ego". */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The ids of the choices a search matches, in list order: every word of the query must start a word
 * of the name or appear inside it ("vol mot" finds Volta Motors). An empty query matches all.
 */
export function matchingChoiceIds(choices: readonly Choice[], query: string): Set<string> {
  const words = fold(query).split(' ').filter(Boolean);
  return new Set(
    choices
      .filter((choice) => {
        const name = fold(choice.label);
        const compact = name.replace(/ /g, '');
        return words.every((w) => name.includes(w) || compact.includes(w));
      })
      .map((choice) => choice.id),
  );
}
