import type { ReactNode } from 'react';
import '../site.css';

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return children;
}
