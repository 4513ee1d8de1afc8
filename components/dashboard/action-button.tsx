'use client';

import { useActionState, useState } from 'react';
import type { FormAction } from './form-kit';
import { FormMessage, SecretField } from './form-kit';

interface ActionButtonProps {
  action: FormAction;
  label: string;
  fields: Record<string, string>;
  /** Asks again with a button of this name before acting (e.g. "Revoke key"). */
  confirm?: string;
  /** A secret the action returns, shown once under this label. */
  secret?: { field: string; label: string; note: string };
  tone?: 'neutral' | 'danger';
}

const base =
  'inline-flex min-h-11 items-center justify-center rounded-lg px-3 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand disabled:opacity-60';
const tones = {
  neutral: 'bg-white text-slate-900 ring-1 ring-slate-400 ring-inset hover:bg-slate-50',
  danger: 'bg-white text-red-800 ring-1 ring-red-400 ring-inset hover:bg-red-50',
};

/** One small mutation (revoke, replay, disable…) as a form with hidden fields and a button. */
export function ActionButton({
  action,
  label,
  fields,
  confirm,
  secret,
  tone = 'neutral',
}: ActionButtonProps) {
  const [state, formAction, pending] = useActionState(action, null);
  const [confirming, setConfirming] = useState(false);
  const hidden = Object.entries(fields).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));
  const secretValue = secret && state?.ok ? state.data?.[secret.field] : undefined;
  return (
    <div className="flex flex-col gap-2">
      {confirm && !confirming ? (
        <button
          type="button"
          className={`${base} ${tones[tone]}`}
          onClick={() => setConfirming(true)}
        >
          {label}
        </button>
      ) : (
        <form
          action={formAction}
          className="flex flex-wrap gap-2"
          onSubmit={() => setConfirming(false)}
        >
          {hidden}
          <button
            type="submit"
            disabled={pending}
            aria-busy={pending || undefined}
            className={`${base} ${tones[tone]}`}
          >
            {confirm ?? label}
          </button>
          {confirm ? (
            <button
              type="button"
              className={`${base} ${tones.neutral}`}
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          ) : null}
        </form>
      )}
      <FormMessage state={state} />
      {secret && typeof secretValue === 'string' ? (
        <SecretField label={secret.label} value={secretValue} note={secret.note} />
      ) : null}
    </div>
  );
}
