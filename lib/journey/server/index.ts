/**
 * The journey's server side: launches, the step table and its runner. Pages and the one server
 * action entry use this; the rules themselves are the pure modules one level up.
 */
export type { JourneyDeps } from './step-context';
export { launchErrorCopy, pageTitleIn, reconnectStartCopy, stepRefusal } from './copy';
export { launchJourney, JOURNEY_TTL_MS } from './launch';
export type { LaunchOutcome, LaunchRefusal, ReconnectStartOutcome, StartedJourney } from './launch';
export { getLaunchLimiter } from './launch-limiter';
export { launchReconnection, previewReconnection } from './reconnect-launch';
export type { PreviewOutcome, ReconnectionPreview } from './reconnect-launch';
export { resumeJourney } from './resume';
export type { ResumeOutcome } from './resume';
export { runStep } from './runner';
export { STEP_TABLE, isStepName } from './step-table';
export type { RunStep, StepInput, StepName } from './step-table';
export { ACCOUNT_FAILURES_CIRCUIT_BREAKER, ACCOUNT_FAILURES_PER_HOUR } from './sign-in';
