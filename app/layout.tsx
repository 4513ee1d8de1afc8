import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './core.css';

export const metadata: Metadata = {
  title: 'Auth Journey',
  description: 'Connect your energy devices securely.',
  robots: { index: false, follow: false },
  icons: { icon: { url: '/icon.svg', type: 'image/svg+xml' } },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
