import { isAuthMethod } from '../../../vocabulary';
import { choiceSchema } from '../../schemas';
import { apply, defineStep, invalidChoice } from '../step-descriptor';

/** Sign-in method: asked only when the OEM offers more than one. */
export const chooseAuthMethod = defineStep({
  name: 'chooseAuthMethod',
  input: choiceSchema,
  async handle(ctx, { id }) {
    if (!isAuthMethod(id)) throw invalidChoice('id', 'Choose one of the listed sign-in methods');
    const { state } = apply(ctx, { type: 'choose_auth_method', authMethod: id });
    return { kind: 'next', patch: { step: state.step, authMethod: state.authMethod } };
  },
});
