import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DocsPage } from '@/components/docs-page';
import { renderDoc } from '@/lib/docs';

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const doc = await renderDoc((await params).slug);
  return { title: `${doc?.title ?? 'Not found'} · Auth Journey docs` };
}

export default async function DocPage({ params }: { params: Params }) {
  const doc = await renderDoc((await params).slug);
  if (!doc) notFound();
  return <DocsPage html={doc.html} />;
}
