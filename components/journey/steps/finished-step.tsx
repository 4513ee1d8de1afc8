'use client';

import { useEffect } from 'react';
import type { StepView } from '@/lib/journey/views';
import { Button } from '@/components/ui/button';
import type { EmbedPort } from '../embed-bridge';
import { useEmbedPort } from '../embed-bridge';
import { StepHeading } from '../step-heading';

/** An embedding page hears the outcome first (and closes the journey); then the redirect. */
function leaveJourney(embed: EmbedPort, view: FinishedStepProps['view']): void {
  void embed
    .post((m) => m.messagesOnLeave(view))
    .then(() => window.location.assign(view.redirectUrl));
}

export interface FinishedStepProps {
  view: Extract<StepView, { step: 'finished' }>;
}

/** How long "Connected: 2 devices" stays on screen before the hand-off to the app. */
export const SUCCESS_HOLD_MS = 1500;

/**
 * The journey is over. Success shows what was connected, then returns to the app on its own; a
 * cancel returns at once; an error is explained with what to do (the maker's own page when it can
 * help), and "Return to {app}" hands back with `status=error`.
 */
export function FinishedStep({ view }: FinishedStepProps) {
  const automatic = view.outcome !== 'error';
  const embed = useEmbedPort();
  const leave = () => leaveJourney(embed, view);
  useEffect(() => {
    if (!automatic) return;
    if (view.outcome !== 'success') {
      leaveJourney(embed, view);
      return;
    }
    const timer = window.setTimeout(() => leaveJourney(embed, view), SUCCESS_HOLD_MS);
    return () => window.clearTimeout(timer);
  }, [automatic, embed, view]);

  return (
    <div className="flex flex-col gap-5">
      {view.outcome === 'success' ? (
        <span
          aria-hidden="true"
          className="flex size-12 items-center justify-center rounded-full bg-teal-100 text-2xl text-teal-800 dark:bg-teal-900 dark:text-teal-100"
        >
          ✓
        </span>
      ) : null}
      <StepHeading>{view.title}</StepHeading>
      <p className="text-slate-700 dark:text-slate-200" role={automatic ? 'status' : undefined}>
        {view.message}
      </p>
      {view.help ? (
        <a
          href={view.help.href}
          target="_blank"
          rel="noopener noreferrer"
          className="self-start text-sm font-medium text-teal-800 underline underline-offset-2 dark:text-teal-300"
        >
          {view.help.label}
        </a>
      ) : null}
      {view.outcome === 'cancelled' ? null : (
        <Button variant={automatic ? 'secondary' : 'primary'} onClick={leave}>
          {view.returnLabel}
        </Button>
      )}
    </div>
  );
}
