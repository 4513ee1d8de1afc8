import type { ReactNode } from 'react';
import '../site.css';

export default function DocsLayout({ children }: { children: ReactNode }) {
  return children;
}
