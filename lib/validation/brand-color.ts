/**
 * A Customer App's brand colour (`primaryColor`) goes on the journey's primary button, under white
 * text, and on its focus ring. It is accepted only when that text stays readable: WCAG 2.x contrast
 * of at least 4.5:1 (AA for normal text).
 */

export const BUTTON_TEXT_COLOR = '#ffffff';
export const MIN_CONTRAST = 4.5;

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export type ColorCheck = { ok: true; color: string } | { ok: false; reason: string };

/** `#abc` or `#aabbcc`, any case → `#aabbcc`; undefined for anything else. */
export function normaliseHexColor(value: string): string | undefined {
  if (!HEX.test(value)) return undefined;
  const hex = value.slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const c = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two normalised `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (hi + 0.05) / (lo + 0.05);
}

/** Rounded down, so a colour reported as 4.5:1 really reaches 4.5:1. */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
}

export function checkPrimaryColor(value: string): ColorCheck {
  const color = normaliseHexColor(value);
  if (!color) return { ok: false, reason: 'must be a hex colour such as #0f766e' };
  const ratio = contrastRatio(color, BUTTON_TEXT_COLOR);
  if (ratio < MIN_CONTRAST) {
    return {
      ok: false,
      reason: `has a contrast of ${formatRatio(ratio)} with the button's white text; it needs at least ${MIN_CONTRAST}:1 (choose a darker colour)`,
    };
  }
  return { ok: true, color };
}

/** `color` mixed with black by `amount` (0–1): the hover shade of a brand colour. */
export function darken(color: string, amount: number): string {
  const channel = (offset: number) =>
    Math.round(Number.parseInt(color.slice(offset, offset + 2), 16) * (1 - amount))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}
