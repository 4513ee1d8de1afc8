'use client';

import { useActionState, useId } from 'react';
import { changeRoleAction } from '@/app/dashboard/actions';
import { FormMessage } from './form-kit';

/** Change a member's role: a select and a button. */
export function RoleSelect({
  memberId,
  role,
  email,
}: {
  memberId: string;
  role: string;
  email: string;
}) {
  const [state, formAction, pending] = useActionState(changeRoleAction, null);
  const id = useId();
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="memberId" value={memberId} />
      <label htmlFor={id} className="sr-only">
        Role of {email}
      </label>
      <select
        id={id}
        name="role"
        defaultValue={role}
        className="min-h-11 rounded-lg border border-slate-400 bg-white px-2"
      >
        <option value="admin">Admin</option>
        <option value="developer">Developer</option>
        <option value="viewer">Viewer</option>
      </select>
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 rounded-lg px-3 text-sm font-semibold ring-1 ring-slate-400 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand"
      >
        Change role
      </button>
      <FormMessage state={state} />
    </form>
  );
}
