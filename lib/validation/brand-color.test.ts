import { describe, expect, it } from 'vitest';
import {
  checkPrimaryColor,
  contrastRatio,
  darken,
  formatRatio,
  normaliseHexColor,
} from './brand-color';

describe('brand colour', () => {
  it('normalises short and upper-case hex, refuses anything else', () => {
    expect(normaliseHexColor('#0F766E')).toBe('#0f766e');
    expect(normaliseHexColor('#abc')).toBe('#aabbcc');
    for (const bad of ['0f766e', '#0f766', '#0f766eff', 'red', 'rgb(0,0,0)', '#ggg', '']) {
      expect(normaliseHexColor(bad)).toBeUndefined();
    }
  });

  it('computes WCAG contrast ratios (black on white is 21:1, equal colours 1:1)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    // Reference values from the WCAG formula: #767676 on white is the lightest AA grey.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('accepts a colour that keeps white button text at 4.5:1 or more', () => {
    expect(checkPrimaryColor('#0f766e')).toEqual({ ok: true, color: '#0f766e' });
    expect(checkPrimaryColor('#767676')).toEqual({ ok: true, color: '#767676' });
  });

  it('refuses a light colour, naming its contrast and the minimum', () => {
    const check = checkPrimaryColor('#7DD3FC');
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.reason).toContain(formatRatio(contrastRatio('#7dd3fc', '#ffffff')));
    expect(check.reason).toMatch(/1\.\d\d:1 .*at least 4\.5:1/);
    expect(checkPrimaryColor('#777777')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('4.47:1'),
    });
  });

  it('reports ratios rounded down', () => {
    expect(formatRatio(4.499)).toBe('4.49:1');
    expect(formatRatio(21)).toBe('21.00:1');
  });

  it('darkens a colour for its hover shade, keeping white text at least as readable', () => {
    expect(darken('#1d4ed8', 0)).toBe('#1d4ed8');
    expect(darken('#ffffff', 0.2)).toBe('#cccccc');
    expect(contrastRatio(darken('#0f766e', 0.15), '#ffffff')).toBeGreaterThan(
      contrastRatio('#0f766e', '#ffffff'),
    );
  });
});
