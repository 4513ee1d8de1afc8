import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS } from '@/lib/i18n/catalogs';
import type { Choice } from '@/lib/journey/views';
import { OemPicker } from './oem-picker';

/**
 * The maker search as a person uses it: typed letter by letter into the real `OemPicker`, in a DOM.
 * The sandbox has at most two makers per device type (its table is fixed), so eight are made up here
 * — more than the six above which the search appears.
 */
const MAKERS: Choice[] = [
  'Volta Motors',
  'Ampere Auto',
  'Citroën',
  'e-Go Mobile',
  'Helios Inverters',
  'Nimbus Climate',
  'Stellar Storage',
  'Volvo Cars',
].map((label, i) => ({ id: `oem_${i}`, label }));

// A narrowed-out maker keeps its radio in the form but carries Tailwind's `hidden` utility; jsdom has
// no stylesheet, so the rule the page's CSS applies is given here, and visibility is then the
// browser's own (computed style), as the accessibility tree sees it.
beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = '.hidden { display: none; }';
  document.head.append(style);
});

afterEach(cleanup);

/** The search's words as the server sends them: the label, and templates it fills as the list narrows. */
function searchText(language: 'en' | 'de') {
  const { label, noMatch, shown } = CATALOGS[language].journey.oemSearch;
  return { search: label, noMatch, shown };
}

function renderPicker(language: 'en' | 'de' = 'en') {
  const user = userEvent.setup();
  const text = searchText(language);
  render(
    <form aria-label="Who makes your vehicle?">
      <OemPicker
        name="oem"
        legend="Manufacturer"
        choices={MAKERS}
        describedBy={undefined}
        onChange={() => {}}
        hydrated
        text={text}
      />
    </form>,
  );
  return { user, search: screen.getByRole('searchbox', { name: text.search }) };
}

/** The makers a person can see and tap, in order. */
function visibleMakers(): string[] {
  return screen.getAllByRole('radio').map((radio) => radio.closest('label')!.textContent!.trim());
}

describe('OemPicker search', () => {
  it('is not offered for six makers or fewer', () => {
    render(
      <OemPicker
        name="oem"
        legend="Manufacturer"
        choices={MAKERS.slice(0, 6)}
        describedBy={undefined}
        onChange={() => {}}
        hydrated
        text={searchText('en')}
      />,
    );
    expect(screen.queryByRole('searchbox')).toBeNull();
    expect(screen.getAllByRole('radio')).toHaveLength(6);
  });

  it('narrows the list with every letter typed, and says how many are shown', async () => {
    const { user, search } = renderPicker();
    expect(visibleMakers()).toHaveLength(8);

    const seen: string[][] = [];
    for (const letter of 'vol') {
      await user.type(search, letter);
      seen.push(visibleMakers());
    }
    expect(seen).toEqual([
      // "v": Volta, Helios Inverters (inside a word), Volvo
      ['Volta Motors', 'Helios Inverters', 'Volvo Cars'],
      ['Volta Motors', 'Volvo Cars'],
      ['Volta Motors', 'Volvo Cars'],
    ]);
    expect(screen.getByRole('status')).toHaveProperty('textContent', '2 of 8 makers shown.');

    await user.type(search, 'ta');
    expect(visibleMakers()).toEqual(['Volta Motors']);
    expect(screen.getByRole('status')).toHaveProperty('textContent', '1 of 8 makers shown.');
  });

  it('finds makers without their accents or punctuation', async () => {
    const { user, search } = renderPicker();
    await user.type(search, 'citroen');
    expect(visibleMakers()).toEqual(['Citroën']);
    await user.clear(search);
    await user.type(search, 'ego');
    expect(visibleMakers()).toEqual(['e-Go Mobile']);
  });

  it('says so when nothing matches, and shows everything again when the search is cleared', async () => {
    const { user, search } = renderPicker();
    await user.type(search, 'zz');
    expect(screen.queryAllByRole('radio')).toEqual([]);
    expect(screen.getByRole('status')).toHaveProperty('textContent', 'No makers match “zz”.');
    await user.clear(search);
    expect(visibleMakers()).toHaveLength(8);
    expect(screen.getByRole('status')).toHaveProperty('textContent', '');
  });

  it('keeps a choice made before the list narrowed, even while it is out of sight', async () => {
    const { user, search } = renderPicker();
    const form = screen.getByRole('form');
    await user.click(screen.getByRole('radio', { name: 'Ampere Auto' }));

    await user.type(search, 'vol');
    expect(visibleMakers()).toEqual(['Volta Motors', 'Volvo Cars']);
    expect(within(form).queryByRole('radio', { name: 'Ampere Auto' })).toBeNull();
    // Continue sends what the form holds: still Ampere Auto.
    expect(new FormData(form as HTMLFormElement).get('oem')).toBe('oem_1');

    await user.clear(search);
    expect(screen.getByRole('radio', { name: 'Ampere Auto' })).toHaveProperty('checked', true);
  });

  it('speaks the journey’s language', async () => {
    const { user, search } = renderPicker('de');
    await user.type(search, 'vol');
    expect(screen.getByRole('status')).toHaveProperty(
      'textContent',
      '2 von 8 Herstellern angezeigt.',
    );
    await user.type(search, 'x');
    expect(screen.getByRole('status')).toHaveProperty(
      'textContent',
      'Kein Hersteller passt zu „volx“.',
    );
  });

  it('does not submit the step when Enter is pressed in the search', async () => {
    const { user, search } = renderPicker();
    let submitted = 0;
    screen.getByRole('form').addEventListener('submit', (event) => {
      event.preventDefault();
      submitted += 1;
    });
    await user.type(search, 'amp{Enter}');
    expect(submitted).toBe(0);
    expect(visibleMakers()).toEqual(['Ampere Auto']);
  });
});
