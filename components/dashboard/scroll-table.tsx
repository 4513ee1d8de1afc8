/* oxlint-disable jsx-a11y/no-noninteractive-tabindex -- a scroll container must take focus so that a keyboard can scroll it */
import type { ReactNode } from 'react';

/** A wide table that scrolls sideways on a small screen, reachable and scrollable by keyboard. */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section
      className="relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand"
      tabIndex={0}
      aria-label={label}
    >
      {children}
    </section>
  );
}
