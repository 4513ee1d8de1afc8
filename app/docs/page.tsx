import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DocsPage } from '@/components/docs-page';
import { renderDoc } from '@/lib/docs';

export const metadata: Metadata = { title: 'Documentation · Auth Journey' };

export default async function DocsIndexPage() {
  const doc = await renderDoc('index');
  if (!doc) notFound();
  return <DocsPage html={doc.html} />;
}
