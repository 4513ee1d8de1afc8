import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OEM_SEARCH_THRESHOLD } from './oem-filter';
import { OemPicker } from './oem-picker';

const makers = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    label: `Maker ${i}`,
    logo: `/oems/m${i}.svg`,
  }));

/** The picker as the server draws it (what a person sees before the page's scripts run). */
function render(count: number) {
  return renderToStaticMarkup(
    createElement(OemPicker, {
      name: 'oem',
      legend: 'Manufacturer',
      choices: makers(count),
      describedBy: undefined,
      onChange: () => {},
      hydrated: false,
      text: {
        search: 'Search makers',
        noMatch: 'No makers match “{query}”.',
        shown: '{shown} of {total} makers shown.',
      },
    }),
  );
}

describe('OemPicker', () => {
  it('offers a labelled search only above the threshold', () => {
    expect(render(OEM_SEARCH_THRESHOLD)).not.toContain('Search makers');
    const long = render(OEM_SEARCH_THRESHOLD + 1);
    expect(long).toMatch(
      /<label for="([^"]+)"[^>]*>Search makers<\/label><input id="\1"[^>]*type="search"/,
    );
  });

  it('draws every maker before the scripts run, each a radio with a decorative logo', () => {
    const html = render(OEM_SEARCH_THRESHOLD + 2);
    expect(html.match(/type="radio"/g)).toHaveLength(OEM_SEARCH_THRESHOLD + 2);
    expect(html).not.toMatch(/class="hidden /);
    expect(html).toContain('<img src="/oems/m0.svg" alt=""');
    expect(html).toContain('<legend class="sr-only">Manufacturer</legend>');
  });
});
