import { fillTemplate } from './fill';

/**
 * The tab's title for a journey screen: its heading in the journey's template ("{heading} · Connect
 * your device", translated on the server). Pure: the page's metadata (first paint) and the step
 * screens say the same thing.
 */
export function pageTitle(heading: string, template: string): string {
  return fillTemplate(template, { heading });
}
