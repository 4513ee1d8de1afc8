'use client';

import { useState } from 'react';
import { createAppAction, updateAppAction } from '@/app/dashboard/actions';
import { createAppSchema, updateAppSchema } from '@/lib/dashboard/schemas';
import { Choice, FormMessage, Input, SubmitButton, useActionForm } from './form-kit';

export interface AppFormValues {
  appId?: string;
  appName: string;
  redirectUrl: string;
  reconnectRedirectUrl: string;
  logoUrl: string;
  primaryColor: string;
  allowedOrigins: string;
  oems: string[];
}

interface AppFormProps {
  /** Without an app: the create form behind "Create app"; with one: its edit form behind "Edit". */
  app?: AppFormValues;
  oemOptions: { value: string; label: string }[];
}

export function AppForm({ app, oemOptions }: AppFormProps) {
  const editing = Boolean(app?.appId);
  const [open, setOpen] = useState(false);
  const defaults: AppFormValues = app ?? {
    appName: '',
    redirectUrl: '',
    reconnectRedirectUrl: '',
    logoUrl: '',
    primaryColor: '',
    allowedOrigins: '',
    oems: [],
  };
  const { form, state, formAction, pending, onSubmit, errorOf } = useActionForm(
    editing ? updateAppSchema : createAppSchema,
    editing ? updateAppAction : createAppAction,
    defaults as unknown as Record<string, unknown>,
  );
  const label = editing ? `Edit ${app?.appName}` : 'Create app';
  return (
    <div className="flex flex-col gap-3">
      {state?.ok && !open ? <FormMessage state={state} /> : null}
      {!open ? (
        <div>
          <button
            type="button"
            onClick={() => setOpen(true)}
            className={
              editing
                ? 'min-h-11 rounded-lg px-3 text-sm font-semibold ring-1 ring-slate-400 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand'
                : 'min-h-11 rounded-lg bg-brand px-4 py-2.5 font-semibold text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'
            }
          >
            {editing ? 'Edit' : 'Create app'}
          </button>
        </div>
      ) : null}
      <form
        action={formAction}
        onSubmit={(event) => {
          onSubmit(event);
        }}
        noValidate
        hidden={!open}
        aria-label={label}
        className="flex flex-col gap-4 rounded-xl border border-slate-300 p-4"
      >
        <FormMessage state={state && !state.ok ? state : null} />
        {editing ? <input type="hidden" {...form.register('appId')} /> : null}
        <Input
          name="appName"
          label="App name"
          register={form.register}
          error={errorOf('appName')}
          required
        />
        <Input
          name="redirectUrl"
          label="Redirect URL"
          type="url"
          hint="Where the journey sends your users back (https; http only on localhost)."
          register={form.register}
          error={errorOf('redirectUrl')}
          required
        />
        <Input
          name="reconnectRedirectUrl"
          label="Reconnect redirect URL"
          type="url"
          register={form.register}
          error={errorOf('reconnectRedirectUrl')}
          required
        />
        <Input
          name="logoUrl"
          label="Logo URL"
          type="url"
          hint="Optional."
          register={form.register}
          error={errorOf('logoUrl')}
        />
        <Input
          name="primaryColor"
          label="Brand colour"
          hint="Optional, for the journey's main button, e.g. #0f766e. White text on it must reach 4.5:1."
          register={form.register}
          error={errorOf('primaryColor')}
        />
        <Input
          name="allowedOrigins"
          label="Allowed origins"
          hint="Optional. Pages that may embed the journey with /link.js, e.g. https://app.example.com (comma-separated)."
          register={form.register}
          error={errorOf('allowedOrigins')}
        />
        <Choice
          name="oems"
          legend="Supported OEMs (none checked: every OEM)"
          options={oemOptions}
          register={form.register}
          multiple
          defaultValue={defaults.oems}
          error={errorOf('oems')}
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
