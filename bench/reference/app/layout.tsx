import type { ReactNode } from 'react';

export const metadata = { title: 'Reference' };

/** The bare layout every App Router app needs: no fonts, no CSS, no providers. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
