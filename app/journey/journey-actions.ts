import type { JourneyActions } from '@/components/journey/types';
import {
  cancelAction,
  chooseAuthMethodAction,
  chooseDevicesAction,
  chooseDeviceTypeAction,
  chooseOemAction,
  giveConsentAction,
  goBackAction,
  submitCredentialsAction,
  submitMfaAction,
} from './actions';

/** The server actions the journey's client components call, passed down as props. */
export const journeyActions: JourneyActions = {
  chooseDeviceType: chooseDeviceTypeAction,
  chooseOem: chooseOemAction,
  chooseAuthMethod: chooseAuthMethodAction,
  submitCredentials: submitCredentialsAction,
  submitMfa: submitMfaAction,
  chooseDevices: chooseDevicesAction,
  giveConsent: giveConsentAction,
  goBack: goBackAction,
  cancel: cancelAction,
};
