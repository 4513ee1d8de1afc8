import { noInputSchema } from '../../schemas';
import { defineStep } from '../step-descriptor';

/** Cancel, from any step: the app gets `status=cancelled` with the step the person left at. */
export const cancel = defineStep({
  name: 'cancel',
  input: noInputSchema,
  async handle() {
    return { kind: 'cancelled' };
  },
});
