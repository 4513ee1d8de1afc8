import { noInputSchema } from '../../schemas';
import { defineStep } from '../step-descriptor';

/**
 * "My brand isn't listed", on the OEM step: the journey ends and the app hears
 * `status=cancelled&reason=oem_not_listed&step=oem`, so it can offer another way in.
 */
export const reportOemNotListed = defineStep({
  name: 'reportOemNotListed',
  input: noInputSchema,
  allowed: (ctx) => ctx.session.step === 'oem',
  async handle() {
    return { kind: 'cancelled', reason: 'oem_not_listed' };
  },
});
