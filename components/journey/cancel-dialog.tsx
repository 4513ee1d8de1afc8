'use client';

import { useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import type { JourneyWords } from '@/lib/journey/views';

export interface CancelDialogProps {
  open: boolean;
  /** The dialog's words, in the journey's language. */
  words: JourneyWords['cancelDialog'];
  onStay(): void;
  onLeave(): void;
}

/**
 * "Leave? Your devices won't be connected": asked before Cancel ends a journey past its sign-in. A
 * native modal dialog: focus moves into it and stays there, Escape means Stay, and focus returns
 * to Cancel when it closes.
 */
export function CancelDialog({ open, words, onStay, onLeave }: CancelDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="cancel-dialog-title"
      aria-describedby="cancel-dialog-text"
      onClose={onStay}
      className="m-auto w-[calc(100%-2rem)] max-w-sm rounded-2xl bg-white p-5 text-slate-900 shadow-lg ring-1 ring-slate-300 backdrop:bg-slate-950/60 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600"
    >
      <div className="flex flex-col gap-4">
        <h2 id="cancel-dialog-title" className="text-lg font-semibold">
          {words.title}
        </h2>
        <p id="cancel-dialog-text" className="text-sm text-slate-700 dark:text-slate-200">
          {words.message}
        </p>
        {open ? (
          <>
            <Button autoFocus onClick={onStay}>
              {words.stay}
            </Button>
            <Button variant="secondary" onClick={onLeave}>
              {words.leave}
            </Button>
          </>
        ) : null}
      </div>
    </dialog>
  );
}
