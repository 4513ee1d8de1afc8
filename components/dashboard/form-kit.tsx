'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import type { FormEvent, ReactNode } from 'react';
import { useActionState, useId, useRef, useTransition } from 'react';
import type { FieldValues, Resolver, UseFormRegister } from 'react-hook-form';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import type { FormState } from '@/lib/dashboard/form-state';

export type FormAction = (state: FormState, form: FormData) => Promise<FormState>;

/**
 * A dashboard form: checked in the browser with its zod schema (react-hook-form), then posted to its
 * server action, which checks again. Before scripts run, the same form posts natively to the action.
 */
export function useActionForm(
  schema: z.ZodType,
  action: FormAction,
  defaultValues?: Record<string, unknown>,
) {
  const [state, formAction] = useActionState(action, null);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<FieldValues>({
    resolver: zodResolver(schema as never) as unknown as Resolver<FieldValues>,
    defaultValues,
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    void form.handleSubmit(() => {
      startTransition(() => formAction(new FormData(element)));
    })(event);
  };
  const errorOf = (name: string): string | undefined => {
    const local = form.formState.errors[name]?.message;
    if (typeof local === 'string') return local;
    return state && !state.ok ? state.fieldErrors?.[name] : undefined;
  };
  return { form, state, formAction, pending, formRef, onSubmit, errorOf };
}

export function FormMessage({ state }: { state: FormState }) {
  if (!state) return null;
  if (!state.ok) return <Alert>{state.message}</Alert>;
  return state.message ? <Alert tone="info">{state.message}</Alert> : null;
}

interface InputProps {
  name: string;
  label: string;
  register: UseFormRegister<FieldValues>;
  error?: string;
  type?: string;
  autoComplete?: string;
  hint?: string;
  defaultValue?: string;
  required?: boolean;
}

export function Input({
  name,
  label,
  register,
  error,
  type = 'text',
  autoComplete,
  hint,
  defaultValue,
  required,
}: InputProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="min-h-11 w-full min-w-0 rounded-lg border border-slate-400 bg-white px-3 py-2 text-base focus:border-brand focus:outline-2 focus:outline-brand/40 aria-invalid:border-red-600"
        {...register(name)}
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface ChoiceProps {
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  register: UseFormRegister<FieldValues>;
  error?: string;
  multiple?: boolean;
  defaultValue?: string | readonly string[];
}

/** Radio buttons (one value) or checkboxes (several), in a fieldset named by its legend. */
export function Choice({
  name,
  legend,
  options,
  register,
  error,
  multiple,
  defaultValue,
}: ChoiceProps) {
  const id = useId();
  const selected = new Set(
    typeof defaultValue === 'string' ? [defaultValue] : (defaultValue ?? []),
  );
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="mb-1 text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        {options.map((option) => (
          <label key={option.value} className="flex min-h-11 items-center gap-2 text-base">
            <input
              type={multiple ? 'checkbox' : 'radio'}
              value={option.value}
              defaultChecked={selected.has(option.value)}
              className="size-5 accent-brand"
              {...register(name)}
            />
            {option.label}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function SubmitButton({
  pending,
  children,
  pendingLabel,
}: {
  pending: boolean;
  children: ReactNode;
  pendingLabel?: string;
}) {
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending || undefined}
      className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand px-4 py-2.5 text-base font-semibold text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand disabled:bg-slate-500"
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

/** A secret shown once, in a read-only field with a Copy button. */
export function SecretField({
  label,
  value,
  note,
}: {
  label: string;
  value: string;
  note: string;
}) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, startCopy] = useTransition();
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <label htmlFor={id} className="text-sm font-semibold text-slate-900">
        {label}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          ref={inputRef}
          id={id}
          readOnly
          value={value}
          spellCheck={false}
          className="min-h-11 min-w-0 flex-1 rounded-lg border border-slate-400 bg-white px-3 py-2 font-mono text-sm"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="min-h-11 rounded-lg bg-white px-4 py-2 font-semibold ring-1 ring-slate-400 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand"
          onClick={() =>
            startCopy(async () => {
              inputRef.current?.select();
              await navigator.clipboard?.writeText(value).catch(() => undefined);
            })
          }
        >
          {copied ? 'Copying…' : 'Copy'}
        </button>
      </div>
      <p className="text-sm text-slate-700">{note}</p>
    </div>
  );
}
