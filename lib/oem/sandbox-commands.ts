import type { DeviceAction } from './adapter';

/**
 * The sandbox OEMs' memory of the commands they were sent — what a real OEM keeps on its side. A
 * command is recorded under its idempotency key the first time the key is seen and numbered per
 * device; a later call with the same key finds it again (and is counted as a repeat), so the
 * simulated device carries each command out once however often it is asked.
 */

export interface SandboxCommand {
  oem: string;
  key: string;
  oemDeviceId: string;
  type: string;
  params: Record<string, unknown>;
  firstSeenAt: Date;
  /** 1 for the device's first command, 2 for its second, … */
  sequence: number;
  /** Calls with this key, the first included. */
  calls: number;
}

export interface SubmitCommandInput {
  oem: string;
  key: string;
  oemDeviceId: string;
  action: DeviceAction;
  now: Date;
}

export interface SandboxCommandLog {
  submit(input: SubmitCommandInput): Promise<{ command: SandboxCommand; isNew: boolean }>;
}

/** A log that lives as long as the process: unit tests and single-process use. */
export function createMemoryCommandLog(): SandboxCommandLog {
  const commands = new Map<string, SandboxCommand>();
  const perDevice = new Map<string, number>();
  return {
    async submit({ oem, key, oemDeviceId, action, now }) {
      const known = commands.get(`${oem}\0${key}`);
      if (known) {
        known.calls++;
        return { command: { ...known }, isNew: false };
      }
      const device = `${oem}\0${oemDeviceId}`;
      const sequence = (perDevice.get(device) ?? 0) + 1;
      perDevice.set(device, sequence);
      const command: SandboxCommand = {
        oem,
        key,
        oemDeviceId,
        type: action.type,
        params: action.params,
        firstSeenAt: now,
        sequence,
        calls: 1,
      };
      commands.set(`${oem}\0${key}`, command);
      return { command: { ...command }, isNew: true };
    },
  };
}
