import { JourneyError } from '../../errors';
import { transition } from '../../machine';
import { noInputSchema } from '../../schemas';
import { defineStep } from '../step-descriptor';

/** The browser's Back: the previous step until the credentials are sent, refused after that. */
export const goBack = defineStep({
  name: 'goBack',
  input: noInputSchema,
  async handle(ctx) {
    const result = transition(ctx.state, { type: 'back' });
    if (!result.ok) throw new JourneyError('NOT_ALLOWED');
    const s = result.state;
    return {
      kind: 'next',
      patch: { step: s.step, deviceType: s.deviceType, oem: s.oem, authMethod: s.authMethod },
    };
  },
});
