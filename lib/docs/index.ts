import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Marked } from 'marked';

/** The customer documentation in docs/, rendered for /docs. */

const DOCS_DIR = path.join(process.cwd(), 'docs');
const SLUG = /^[a-z0-9-]{1,60}$/;

const marked = new Marked({
  gfm: true,
  renderer: {
    // Links between documents (`journey.md`, `usage.md#plans`) become links between pages.
    link({ href, text }) {
      const match = /^([a-z0-9-]+)\.md(#[\w-]*)?$/.exec(href);
      const target = match
        ? match[1] === 'README'
          ? '/docs'
          : `/docs/${match[1]}${match[2] ?? ''}`
        : href;
      return `<a href="${escapeAttribute(target)}">${text}</a>`;
    },
  },
});

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The HTML and title of docs/<slug>.md ("index" is docs/README.md), or null when there is none. */
export async function renderDoc(slug: string): Promise<{ title: string; html: string } | null> {
  if (!SLUG.test(slug)) return null;
  const file = slug === 'index' ? 'README.md' : `${slug}.md`;
  let source: string;
  try {
    source = await readFile(path.join(DOCS_DIR, file), 'utf8');
  } catch {
    return null;
  }
  const title = /^#\s+(.+)$/m.exec(source)?.[1]?.trim() ?? slug;
  return { title, html: await marked.parse(source) };
}
