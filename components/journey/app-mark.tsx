'use client';

import { useState } from 'react';
import type { Branding } from '@/lib/journey/views';

/**
 * The app's logo — our own copy, served from this origin — or its initial when it has none or the
 * image does not load. Decorative: the app's name is written beside it.
 */
export function AppMark({ branding }: { branding: Branding }) {
  const [failed, setFailed] = useState(false);
  if (branding.logoUrl && !failed) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- a small same-origin copy, sized here
      <img
        src={branding.logoUrl}
        alt=""
        width={32}
        height={32}
        className="size-8 shrink-0 rounded-md object-contain"
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      className="flex size-8 shrink-0 items-center justify-center rounded-md bg-brand text-sm font-bold text-white"
    >
      {branding.appName.slice(0, 1).toUpperCase()}
    </span>
  );
}
