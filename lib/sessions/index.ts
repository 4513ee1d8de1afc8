export type { SessionDeps } from './context';
export { JOURNEY_ERRORS, JourneyError } from './errors';
export type { JourneyErrorCode } from './errors';
export { launchJourney, JOURNEY_TTL_MS } from './launch';
export type { LaunchOutcome, StartedJourney } from './launch';
export { launchReconnection, previewReconnection } from './reconnect-launch';
export type { PreviewOutcome, ReconnectionPreview } from './reconnect-launch';
export {
  cancelJourney,
  chooseAuthMethod,
  chooseDevices,
  chooseDeviceType,
  chooseOem,
  giveConsent,
  goBack,
  submitCredentials,
  submitMfa,
  ACCOUNT_FAILURES_CIRCUIT_BREAKER,
  ACCOUNT_FAILURES_PER_HOUR,
} from './steps';
