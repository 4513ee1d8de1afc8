'use client';

import { useState } from 'react';
import { createKeyAction } from '@/app/dashboard/actions';
import { createKeySchema, KEY_PERMISSIONS } from '@/lib/dashboard/schemas';
import { Choice, FormMessage, Input, SecretField, SubmitButton, useActionForm } from './form-kit';

const PERMISSION_OPTIONS = KEY_PERMISSIONS.map((p) => ({ value: p, label: p }));
const ENV_OPTIONS = [
  { value: 'sandbox', label: 'Sandbox' },
  { value: 'live', label: 'Live' },
];

/** Create API key → the form → the key, once, in "New API key" with Copy. */
export function CreateKeyForm({ environment }: { environment: 'sandbox' | 'live' }) {
  const [open, setOpen] = useState(false);
  const defaults = { name: '', environment, expires: '', permissions: [...KEY_PERMISSIONS] };
  const { form, state, formAction, pending, formRef, onSubmit, errorOf } = useActionForm(
    createKeySchema,
    createKeyAction,
    defaults,
  );
  const key = state?.ok ? state.data?.key : undefined;
  // The form closes on success (the key is shown above it) until "Create API key" opens it again.
  const [openedAfter, setOpenedAfter] = useState<typeof state>(null);
  const shown = open && !(state?.ok && state !== openedAfter);
  return (
    <div className="flex flex-col gap-4">
      {typeof key === 'string' ? (
        <SecretField
          label="New API key"
          value={key}
          note="Copy it now: this is the only time it is shown. Only its prefix is kept for the list below."
        />
      ) : null}
      {!shown ? (
        <div>
          <button
            type="button"
            onClick={() => {
              form.reset(defaults);
              setOpenedAfter(state);
              setOpen(true);
            }}
            className="inline-flex min-h-11 items-center rounded-lg bg-brand px-4 py-2.5 font-semibold text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
          >
            Create API key
          </button>
        </div>
      ) : null}
      <form
        ref={formRef}
        action={formAction}
        onSubmit={onSubmit}
        noValidate
        hidden={!shown}
        aria-label="Create API key"
        className="flex flex-col gap-4 rounded-xl border border-slate-300 p-4"
      >
        <FormMessage state={state && !state.ok ? state : null} />
        <Input name="name" label="Name" register={form.register} error={errorOf('name')} required />
        <Choice
          name="environment"
          legend="Environment"
          options={ENV_OPTIONS}
          register={form.register}
          defaultValue={environment}
          error={errorOf('environment')}
        />
        <Input
          name="expires"
          label="Expires"
          type="date"
          hint="Optional. The key stops working at the end of this day (UTC)."
          register={form.register}
          error={errorOf('expires')}
        />
        <Choice
          name="permissions"
          legend="Permissions"
          options={PERMISSION_OPTIONS}
          register={form.register}
          multiple
          defaultValue={KEY_PERMISSIONS}
          error={errorOf('permissions')}
        />
        <div className="flex flex-wrap gap-2">
          <SubmitButton pending={pending} pendingLabel="Creating…">
            Create key
          </SubmitButton>
          <button
            type="button"
            onClick={() => setOpen(false)}
            className="min-h-11 rounded-lg px-4 font-semibold ring-1 ring-slate-400 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand"
          >
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
