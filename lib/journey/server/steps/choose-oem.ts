import { isDeviceType } from '../../../vocabulary';
import { choiceSchema } from '../../schemas';
import { apply, defineStep, invalidChoice } from '../step-descriptor';
import { availableOems } from '../step-view';

/** OEM: one the app offers for the chosen device type (live: within its entitled tiers). */
export const chooseOem = defineStep({
  name: 'chooseOem',
  input: choiceSchema,
  async handle(ctx, { id }) {
    const type = ctx.state.deviceType;
    const oem = isDeviceType(type)
      ? availableOems(ctx.app, ctx.env, type).find((o) => o.id === id)
      : undefined;
    if (!oem) throw invalidChoice('id', 'Choose one of the listed manufacturers');
    const { state } = apply(ctx, { type: 'choose_oem', oem: oem.id, authMethods: oem.authMethods });
    return {
      kind: 'next',
      patch: { step: state.step, oem: state.oem, authMethod: state.authMethod },
    };
  },
});
