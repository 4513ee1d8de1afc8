'use client';

import { useState } from 'react';
import { createEndpointAction } from '@/app/dashboard/actions';
import { createEndpointSchema } from '@/lib/dashboard/schemas';
import { FormMessage, Input, SecretField, SubmitButton, useActionForm } from './form-kit';

/** Add endpoint → Endpoint URL → Save; the signing secret appears once. */
export function EndpointForm({ environment }: { environment: 'sandbox' | 'live' }) {
  const [open, setOpen] = useState(false);
  const { form, state, formAction, pending, onSubmit, errorOf } = useActionForm(
    createEndpointSchema,
    createEndpointAction,
    {
      environment,
      url: '',
    },
  );
  const secret = state?.ok ? state.data?.secret : undefined;
  // The form closes on success (the secret is shown above it) until "Add endpoint" opens it again.
  const [openedAfter, setOpenedAfter] = useState<typeof state>(null);
  const shown = open && !(state?.ok && state !== openedAfter);
  return (
    <div className="flex flex-col gap-4">
      {typeof secret === 'string' ? (
        <SecretField
          label="Signing secret"
          value={secret}
          note="Copy it into your receiver now: it verifies our signatures and is never shown again."
        />
      ) : null}
      {!shown ? (
        <div>
          <button
            type="button"
            onClick={() => {
              form.reset({ environment, url: '' });
              setOpenedAfter(state);
              setOpen(true);
            }}
            className="min-h-11 rounded-lg bg-brand px-4 py-2.5 font-semibold text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
          >
            Add endpoint
          </button>
        </div>
      ) : null}
      <form
        action={formAction}
        onSubmit={onSubmit}
        noValidate
        hidden={!shown}
        aria-label="Add endpoint"
        className="flex flex-col gap-4 rounded-xl border border-slate-300 p-4"
      >
        <FormMessage state={state && !state.ok ? state : null} />
        <input type="hidden" {...form.register('environment')} />
        <Input
          name="url"
          label="Endpoint URL"
          type="url"
          hint={
            environment === 'live'
              ? 'HTTPS on a public address.'
              : 'http or https; loopback allowed when the server permits it.'
          }
          register={form.register}
          error={errorOf('url')}
          required
        />
        <div className="flex flex-wrap gap-2">
          <SubmitButton pending={pending} pendingLabel="Saving…">
            Save
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
