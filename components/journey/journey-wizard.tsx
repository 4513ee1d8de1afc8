'use client';

import { useRouter } from 'next/navigation';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { RunStep, StartedJourney } from '@/lib/journey/server';
import type { JourneyScreen, StepResult } from '@/lib/journey/views';
import { Button } from '@/components/ui/button';
import { ChoiceStep } from './steps/choice-step';
import { OemStep } from './steps/oem-picker';
import { JourneyFrame } from './journey-frame';
import { SessionExpiredScreen } from './session-expired-screen';
import { useEmbedEvents } from './embed-bridge';
import type { StepFailure } from './step-failure';
import { useJourneyHistory } from './use-journey-history';

// Form and validation libraries load only with the steps that use them: fetched while the person is
// still choosing a manufacturer (so the sign-in step is ready when they get there), with a loading
// state of their own if they are not (never the previous step left on screen, inert).
const loadCredentialsStep = () => import('./steps/credentials-step');
const loadMfaStep = () => import('./steps/mfa-step');
const stepLoading = (label: string) => (
  <output className="block text-slate-600 dark:text-slate-300">{label}</output>
);
const CredentialsStep = lazy(() =>
  loadCredentialsStep().then((m) => ({ default: m.CredentialsStep })),
);
const MfaStep = lazy(() => loadMfaStep().then((m) => ({ default: m.MfaStep })));
// The steps after sign-in, Cancel's confirmation and the ending load the same way: the first step
// stays light.
const loadDevicesStep = () => import('./steps/devices-step');
const loadConsentStep = () => import('./steps/consent-step');
const loadCancelDialog = () => import('./cancel-dialog');
const loadFinishedStep = () => import('./steps/finished-step');
const DevicesStep = lazy(() => loadDevicesStep().then((m) => ({ default: m.DevicesStep })));
const ConsentStep = lazy(() => loadConsentStep().then((m) => ({ default: m.ConsentStep })));
const CancelDialog = lazy(() => loadCancelDialog().then((m) => ({ default: m.CancelDialog })));
const FinishedStep = lazy(() => loadFinishedStep().then((m) => ({ default: m.FinishedStep })));
const STEPS_BEFORE_SIGN_IN: readonly string[] = ['oem', 'auth_method'];
/** Steps after the maker accepted the sign-in: Back is blocked, and Cancel asks first. */
const SIGNED_IN_STEPS: readonly string[] = ['mfa', 'devices', 'consent'];

export interface JourneyWizardProps {
  journey: StartedJourney;
  /** The journey's one server action: runs a step of the step table. */
  runStep: RunStep;
}

/** What the person waits for while a step's request runs (announced politely, shown beside it). */
function busyMessage(screen: JourneyScreen): string {
  const { view } = screen;
  if (view.step === 'credentials' || view.step === 'mfa' || view.step === 'consent')
    return view.text.busy;
  return '';
}

/**
 * The journey in the browser. The step token lives here, in React state only; each step's server
 * action returns the next screen with a fresh token. Back (the browser's or the step's own) moves to
 * the previous step until credentials are submitted, and is blocked (with an explanation) after
 * that. The page's address is the journey's resume address, so a reload before sign-in resumes.
 */
export function JourneyWizard({ journey, runStep }: JourneyWizardProps) {
  const { words } = journey;
  const [screen, setScreen] = useState<JourneyScreen>(journey.screen);
  const [failure, setFailure] = useState<StepFailure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [pending, setPending] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  // The latest screen for event handlers. Written together with the state, not in an effect: a click
  // can arrive before effects run, and it must never send the previous (already used) token.
  const screenRef = useRef(screen);
  const showScreen = useCallback((next: JourneyScreen) => {
    screenRef.current = next;
    setScreen(next);
  }, []);
  const busy = useRef(false);
  // Back presses that arrived while a step request was in flight: each is handled, in order, as soon
  // as that request settles, so a press is never dropped.
  const pendingBacks = useRef(0);
  const handleBackRef = useRef<() => void>(() => {});
  const history = useJourneyHistory(() => handleBackRef.current());
  useEmbedEvents(screen.view, failure);
  // The page's address becomes the journey's own (a reload resumes it), through the router so that
  // its history entries and cache know the address.
  const router = useRouter();
  const resumePath = journey.resumePath;
  useEffect(() => {
    if (!new URLSearchParams(window.location.search).has('resume')) {
      router.replace(resumePath, { scroll: false });
    }
  }, [router, resumePath]);

  const submit = useCallback(
    async (call: (token: string) => Promise<StepResult>, options: { push?: boolean } = {}) => {
      if (busy.current) return undefined;
      busy.current = true;
      setPending(true);
      setFailure(null);
      setNotice(null);
      try {
        const current = screenRef.current;
        const result = await call(current.token);
        if (result.ok) {
          const next = result.data;
          if (
            options.push !== false &&
            next.view.step !== current.view.step &&
            next.view.step !== 'finished'
          ) {
            history.push();
          }
          showScreen(next);
        } else if (result.code === 'SESSION_EXPIRED') {
          setExpired(true);
        } else {
          if (result.token) {
            const token = result.token;
            const attemptsLeft = result.attemptsLeft;
            const s = screenRef.current;
            showScreen({
              ...s,
              token,
              view:
                attemptsLeft !== undefined &&
                (s.view.step === 'credentials' || s.view.step === 'mfa')
                  ? { ...s.view, attemptsLeft }
                  : s.view,
            });
          }
          setFailure(result);
        }
        return result;
      } catch {
        const result: StepResult = {
          ok: false,
          code: 'NETWORK_ERROR',
          message: words.networkError,
        };
        setFailure(result);
        return result;
      } finally {
        busy.current = false;
        setPending(false);
        if (pendingBacks.current > 0) {
          pendingBacks.current -= 1;
          handleBackRef.current();
        }
      }
    },
    [history, showScreen, words.networkError],
  );

  // Back: the previous step before credentials; after them, stay and say why. Every press either
  // moves back or explains itself — one that arrives mid-request waits for the request. On the first
  // step there is nothing to go back to here (a Forward press lands here too): nothing to say.
  const handleBack = useCallback(() => {
    const current = screenRef.current;
    if (current.view.step === 'finished') return;
    if (busy.current) {
      pendingBacks.current += 1;
      return;
    }
    if (!current.canGoBack) {
      // Stay on this step: restore the entry Back removed.
      history.push();
      if (SIGNED_IN_STEPS.includes(current.view.step)) setNotice(words.backBlocked);
      return;
    }
    void submit((t) => runStep(t, 'goBack'), { push: false }).then((result) => {
      // Still on this step (the failure is shown): put back the entry Back removed.
      if (result && !result.ok && result.code !== 'SESSION_EXPIRED') history.push();
    });
  }, [history, runStep, submit, words.backBlocked]);

  useEffect(() => {
    handleBackRef.current = handleBack;
  }, [handleBack]);

  const step = screen.view.step;
  useEffect(() => {
    if (STEPS_BEFORE_SIGN_IN.includes(step)) {
      void loadCredentialsStep();
      void loadMfaStep();
      void loadDevicesStep();
      void loadConsentStep();
      void loadCancelDialog();
      void loadFinishedStep();
    }
  }, [step]);

  if (expired)
    return (
      <SessionExpiredScreen branding={journey.branding} words={words} exitUrl={journey.exitUrl} />
    );

  const { view } = screen;
  if (view.step === 'finished') {
    return (
      <JourneyFrame branding={journey.branding} progress={null} words={words.frame}>
        <Suspense fallback={stepLoading(words.loading)}>
          <FinishedStep view={view} />
        </Suspense>
      </JourneyFrame>
    );
  }

  const cancel = () => void submit((t) => runStep(t, 'cancel'));
  const requestCancel = () => {
    if (SIGNED_IN_STEPS.includes(view.step)) setConfirmingCancel(true);
    else cancel();
  };
  // The step's own Back goes through the browser's history when this page added the entry, so the
  // two never disagree; on a resumed page (no entry of ours behind it) it asks the server directly.
  const goBack = () => {
    if (history.canPop()) window.history.back();
    else handleBack();
  };
  const stepProps = { pending, failure, words };
  let body;
  switch (view.step) {
    case 'device_type':
      body = (
        <ChoiceStep
          {...stepProps}
          title={view.title}
          legend={view.legend}
          choices={view.deviceTypes}
          onSubmit={(id) => submit((t) => runStep(t, 'chooseDeviceType', { id }))}
        />
      );
      break;
    case 'oem':
      body = (
        <OemStep
          {...stepProps}
          view={view}
          onSubmit={(id) => submit((t) => runStep(t, 'chooseOem', { id }))}
          onNotListed={() => submit((t) => runStep(t, 'reportOemNotListed'))}
        />
      );
      break;
    case 'auth_method':
      body = (
        <ChoiceStep
          {...stepProps}
          title={view.title}
          legend={view.legend}
          choices={view.methods}
          onSubmit={(id) => submit((t) => runStep(t, 'chooseAuthMethod', { id }))}
        />
      );
      break;
    case 'credentials':
      body = (
        <CredentialsStep
          {...stepProps}
          view={view}
          onSubmit={(values) => submit((t) => runStep(t, 'submitCredentials', values))}
        />
      );
      break;
    case 'mfa':
      body = (
        <MfaStep
          {...stepProps}
          view={view}
          onSubmit={(values) => submit((t) => runStep(t, 'submitMfa', values))}
          onResend={() => submit((t) => runStep(t, 'resendMfa'))}
        />
      );
      break;
    case 'devices':
      body = (
        <DevicesStep
          {...stepProps}
          view={view}
          onSubmit={(deviceIds) => submit((t) => runStep(t, 'chooseDevices', { deviceIds }))}
        />
      );
      break;
    case 'consent':
      body = (
        <ConsentStep
          {...stepProps}
          view={view}
          onAllow={() => submit((t) => runStep(t, 'giveConsent'))}
        />
      );
      break;
  }

  return (
    <JourneyFrame branding={journey.branding} progress={screen.progress} words={words.frame}>
      {notice ? (
        <output className="block rounded-lg border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-100">
          {notice}
        </output>
      ) : null}
      <div key={view.step} className="flex flex-col gap-5">
        <Suspense fallback={stepLoading(words.loading)}>{body}</Suspense>
      </div>
      {/* Announced while the request runs; always present so the announcement is heard. */}
      <p aria-live="polite" className="text-sm text-slate-700 empty:hidden dark:text-slate-200">
        {pending ? busyMessage(screen) : ''}
      </p>
      <div className="flex flex-col gap-2">
        {screen.canGoBack ? (
          <Button variant="secondary" onClick={goBack} disabled={pending}>
            {words.back}
          </Button>
        ) : null}
        <Button variant="ghost" onClick={requestCancel} disabled={pending}>
          {words.cancel}
        </Button>
      </div>
      {/* Only asked after sign-in: before it, Cancel leaves at once (and the dialog's code is not loaded). */}
      {SIGNED_IN_STEPS.includes(view.step) ? (
        <Suspense fallback={null}>
          <CancelDialog
            open={confirmingCancel}
            words={words.cancelDialog}
            onStay={() => setConfirmingCancel(false)}
            onLeave={() => {
              setConfirmingCancel(false);
              cancel();
            }}
          />
        </Suspense>
      ) : null}
    </JourneyFrame>
  );
}
