import type { DemoDevice } from '@/lib/demo/devices';

export interface DemoDevicesProps {
  userId: string;
  devices: DemoDevice[];
  onDisconnect: (formData: FormData) => Promise<void>;
}

export function DemoDevices({ userId, devices, onDisconnect }: DemoDevicesProps) {
  return (
    <section
      aria-labelledby="devices"
      className="flex flex-col gap-4 rounded-2xl bg-white p-6 ring-1 ring-slate-200"
    >
      <h2 id="devices" className="text-xl font-semibold">
        Devices of {userId}
      </h2>
      {devices.length === 0 ? (
        <p className="text-sm text-slate-600">No devices connected yet.</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {devices.map((device) => (
            <li
              key={device.id}
              className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-200 p-3"
            >
              <span>
                <span className="font-medium">{device.name}</span>{' '}
                <span className="text-slate-500">
                  {device.oem} · {device.type} · <span className="font-mono">{device.id}</span> ·{' '}
                  {device.status}
                </span>
              </span>
              {device.status === 'connected' ? (
                <form action={onDisconnect}>
                  <input type="hidden" name="deviceId" value={device.id} />
                  <button
                    type="submit"
                    className="rounded-md px-3 py-1.5 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
                  >
                    Simulate credential expiry for {device.name}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
