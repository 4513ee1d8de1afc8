import type { ActionResult, JourneyScreen } from '@/lib/journey/views';

export type StepResult = ActionResult<JourneyScreen>;

export interface JourneyActions {
  chooseDeviceType(token: string, input: { id: string }): Promise<StepResult>;
  chooseOem(token: string, input: { id: string }): Promise<StepResult>;
  chooseAuthMethod(token: string, input: { id: string }): Promise<StepResult>;
  submitCredentials(token: string, input: Record<string, string>): Promise<StepResult>;
  submitMfa(token: string, input: { code: string }): Promise<StepResult>;
  chooseDevices(token: string, input: { deviceIds: string[] }): Promise<StepResult>;
  giveConsent(token: string): Promise<StepResult>;
  goBack(token: string): Promise<StepResult>;
  cancel(token: string): Promise<StepResult>;
}
