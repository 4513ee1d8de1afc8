'use server';

import { revalidatePath } from 'next/cache';
import { getProcessAccounts } from '@/lib/accounts/process';
import type { FormState } from '@/lib/dashboard/form-state';
import { formToObject } from '@/lib/dashboard/form-state';
import type { DashboardMutationName } from '@/lib/dashboard/mutations';
import { runDashboardMutation } from '@/lib/dashboard/mutations';
import { getActor, requestHeaders } from './_lib/session';

/**
 * The dashboard's server actions: each reads its form and hands it to the one mutation runner
 * (role guard → schema → domain call). Nothing here decides who may do what.
 */
async function perform(
  name: DashboardMutationName,
  form: FormData,
  options: { arrays?: string[]; message?: string } = {},
): Promise<FormState> {
  const actor = await getActor();
  if (!actor) {
    return {
      ok: false,
      code: 'UNAUTHENTICATED',
      message: 'Your session ended. Sign in again.',
      status: 401,
    };
  }
  const accounts = await getProcessAccounts();
  const result = await runDashboardMutation(
    {
      db: accounts.db,
      auth: accounts.auth,
      config: accounts.config,
      headers: await requestHeaders(),
      now: new Date(),
    },
    actor,
    name,
    formToObject(form, options.arrays),
  );
  if (!result.ok) return result;
  revalidatePath('/dashboard', 'layout');
  const { ok: _ok, ...data } = result;
  return { ok: true, message: options.message, data: data as Record<string, string> };
}

export async function createKeyAction(_s: FormState, form: FormData) {
  return perform('key.create', form, { arrays: ['permissions'] });
}
export async function revokeKeyAction(_s: FormState, form: FormData) {
  return perform('key.revoke', form, { message: 'Key revoked.' });
}
export async function createAppAction(_s: FormState, form: FormData) {
  return perform('app.create', form, { arrays: ['oems'], message: 'App created.' });
}
export async function updateAppAction(_s: FormState, form: FormData) {
  return perform('app.update', form, { arrays: ['oems'], message: 'App saved.' });
}
export async function createEndpointAction(_s: FormState, form: FormData) {
  return perform('webhook.create', form);
}
export async function testEndpointAction(_s: FormState, form: FormData) {
  return perform('webhook.test', form, { message: 'Test event queued: watch the delivery log.' });
}
export async function rotateSecretAction(_s: FormState, form: FormData) {
  return perform('webhook.rotate', form);
}
export async function finishRotationAction(_s: FormState, form: FormData) {
  return perform('webhook.finishRotation', form, {
    message: 'Old secret removed: only the new one signs now.',
  });
}
export async function disableEndpointAction(_s: FormState, form: FormData) {
  return perform('webhook.disable', form, { message: 'Endpoint disabled.' });
}
export async function enableEndpointAction(_s: FormState, form: FormData) {
  return perform('webhook.enable', form, { message: 'Endpoint enabled.' });
}
export async function replayEventAction(_s: FormState, form: FormData) {
  return perform('webhook.replay', form, { message: 'Event queued again.' });
}
export async function disconnectDeviceAction(_s: FormState, form: FormData) {
  return perform('device.disconnect', form, {
    message: 'Device disconnected: device.disconnected sent.',
  });
}
export async function inviteMemberAction(_s: FormState, form: FormData) {
  return perform('team.invite', form);
}
export async function changeRoleAction(_s: FormState, form: FormData) {
  return perform('team.changeRole', form, { message: 'Role changed.' });
}
export async function removeMemberAction(_s: FormState, form: FormData) {
  return perform('team.remove', form, { message: 'Member removed.' });
}
export async function requestLiveAccessAction(_s: FormState, form: FormData) {
  return perform('live.request', form, {
    message: 'Request sent. We will enable live access and let you know.',
  });
}
