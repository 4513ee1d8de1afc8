import { deviceSelectionSchema } from '../../schemas';
import { apply, defineStep, invalidChoice } from '../step-descriptor';

/** Device selection: some of the devices the OEM listed at sign-in. */
export const chooseDevices = defineStep({
  name: 'chooseDevices',
  input: deviceSelectionSchema,
  async handle(ctx, { deviceIds }) {
    const known = new Set((ctx.session.discoveredDevices ?? []).map((d) => d.oemDeviceId));
    const selected = [...new Set(deviceIds)];
    if (!selected.every((id) => known.has(id))) {
      throw invalidChoice('deviceIds', 'Select devices from the list');
    }
    const { state } = apply(ctx, { type: 'devices_chosen' });
    return {
      kind: 'next',
      patch: { step: state.step, selectedDeviceIds: selected },
      event: { type: 'devices_chosen' },
    };
  },
});
