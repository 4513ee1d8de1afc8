import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { LANGUAGE_HEADER, languageOfHeader } from '@/lib/i18n/language';
import './core.css';

export const metadata: Metadata = {
  title: 'Auth Journey',
  description: 'Connect your energy devices securely.',
  robots: { index: false, follow: false },
  icons: { icon: { url: '/icon.svg', type: 'image/svg+xml' } },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Journey pages speak the person's language (the proxy negotiates it); everything else is English.
  const lang = languageOfHeader((await headers()).get(LANGUAGE_HEADER));
  return (
    <html lang={lang}>
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
