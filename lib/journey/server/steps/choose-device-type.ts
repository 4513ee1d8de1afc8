import { choiceSchema } from '../../schemas';
import { apply, defineStep, invalidChoice } from '../step-descriptor';
import { availableDeviceTypes } from '../step-view';

/** Device type: one of the types the app's OEMs cover. */
export const chooseDeviceType = defineStep({
  name: 'chooseDeviceType',
  input: choiceSchema,
  async handle(ctx, { id }) {
    if (!availableDeviceTypes(ctx.app, ctx.env).some((c) => c.id === id)) {
      throw invalidChoice('id', 'Choose one of the listed device types');
    }
    const { state } = apply(ctx, { type: 'choose_device_type', deviceType: id });
    return { kind: 'next', patch: { step: state.step, deviceType: state.deviceType } };
  },
});
