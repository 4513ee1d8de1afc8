/**
 * What an embedded journey tells the page that opened it (see docs/embedding.md): events as it goes,
 * then SUCCESS or EXIT. Pure, shared by the journey in the browser and its tests. Metadata names
 * steps, choices, counts and error codes — never a credential, a code or a device's details.
 */
import type { StepView } from '../journey/views';
import type { JourneyEventName } from '../vocabulary';

export const EMBED_SOURCE = 'amps-link';

export type EmbedEvent = JourneyEventName;

export type EmbedMetadata = Record<string, string | number | null>;

export type EmbedMessage =
  | { type: 'EVENT'; event: EmbedEvent; metadata: EmbedMetadata }
  | {
      type: 'SUCCESS';
      journeyId: string;
      userId: string;
      deviceIds: string[];
      state: string | null;
    }
  | { type: 'EXIT'; reason: string; step: string | null; error?: { code: string } };

type Step = StepView['step'];

const ORDER: readonly Step[] = [
  'device_type',
  'oem',
  'auth_method',
  'credentials',
  'mfa',
  'devices',
  'consent',
  'finished',
];

const LEAVING: Partial<Record<Step, EmbedEvent>> = {
  device_type: 'SELECT_DEVICE_TYPE',
  oem: 'SELECT_OEM',
  auth_method: 'SELECT_AUTH_METHOD',
  credentials: 'SUBMIT_CREDENTIALS',
  mfa: 'SUBMIT_MFA',
  devices: 'SELECT_DEVICES',
  consent: 'CONSENT',
};

const event = (name: EmbedEvent, metadata: EmbedMetadata): EmbedMessage => ({
  type: 'EVENT',
  event: name,
  metadata,
});

/** The event for moving forward from `left` to `next`; none for Back or for leaving the flow. */
export function eventForStep(left: StepView, next: StepView): EmbedMessage | undefined {
  const name = LEAVING[left.step];
  if (!name || ORDER.indexOf(next.step) <= ORDER.indexOf(left.step)) return undefined;
  if (next.step === 'finished' && next.outcome !== 'success') return undefined;
  const metadata: EmbedMetadata = { step: left.step, nextStep: next.step };
  if (next.step === 'oem') metadata.deviceType = next.deviceTypeLabel;
  if ('oemName' in next) metadata.oem = next.oemName;
  if (next.step === 'credentials') metadata.authMethod = next.authMethod;
  if (next.step === 'consent') metadata.deviceCount = next.deviceNames.length;
  return event(name, metadata);
}

/** A step that failed and stayed (wrong password, expired session, network): its code. */
export function eventForFailure(step: Step, code: string): EmbedMessage {
  return event('ERROR', { step, code });
}

function redirectParams(view: Extract<StepView, { step: 'finished' }>): URLSearchParams {
  try {
    return new URL(view.redirectUrl).searchParams;
  } catch {
    return new URLSearchParams();
  }
}

/** When the end of the journey is shown: an error is an event before the person leaves. */
export function messagesOnFinish(view: Extract<StepView, { step: 'finished' }>): EmbedMessage[] {
  const q = redirectParams(view);
  return view.outcome === 'error'
    ? [event('ERROR', { step: 'finished', code: q.get('error') ?? 'UNKNOWN' })]
    : [];
}

/** When the journey hands the person back: the same outcome the redirect carries. */
export function messagesOnLeave(view: Extract<StepView, { step: 'finished' }>): EmbedMessage[] {
  const q = redirectParams(view);
  if (view.outcome === 'success') {
    return [
      event('HANDOFF', { status: 'success' }),
      {
        type: 'SUCCESS',
        journeyId: q.get('journeyId') ?? '',
        userId: q.get('userId') ?? '',
        deviceIds: (q.get('deviceIds') ?? '').split(',').filter(Boolean),
        state: q.get('state'),
      },
    ];
  }
  const code = q.get('error');
  const reason = view.outcome === 'error' ? 'error' : (q.get('reason') ?? 'user_exit');
  const step = q.get('step');
  return [
    event('EXIT', { reason, step, ...(code ? { code } : {}) }),
    { type: 'EXIT', reason, step, ...(code ? { error: { code } } : {}) },
  ];
}
