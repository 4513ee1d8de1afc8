import type { ReactNode } from 'react';

export interface AlertProps {
  tone?: 'error' | 'info';
  children: ReactNode;
}

/** A message announced to screen readers when it appears. */
export function Alert({ tone = 'error', children }: AlertProps) {
  const style =
    tone === 'error'
      ? 'border-red-200 bg-red-50 text-red-900'
      : 'border-sky-200 bg-sky-50 text-sky-900';
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-lg border px-3 py-2 text-sm ${style}`}
    >
      {children}
    </div>
  );
}
