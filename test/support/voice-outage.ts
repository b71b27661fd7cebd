// A voice provider that is down while `isDown()` says so (transient errors, as a real outage),
// other channels untouched: a `wrapWorld` for startRuntime, so every function's voice sender is
// the failing one; and the teardown.
import type { Runtime, RuntimeOptions } from '#shared/local/runtime';
import { wrapPorts } from '#shared/local/local-world';
import { ChannelError } from '#shared/ports/channel-sender';
import { rmSync } from 'node:fs';

export function voiceOutage(isDown: () => boolean): NonNullable<RuntimeOptions['wrapWorld']> {
  return (_name, world) =>
    wrapPorts(world, {
      sender: (real, channel) =>
        channel === 'voice'
          ? {
              channel,
              send: async (m) => {
                if (isDown()) throw new ChannelError('transient', 'ServiceUnavailable');
                return real.send(m);
              },
            }
          : real,
    });
}

export async function endOutage(rt: Runtime | undefined, dir: string): Promise<void> {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
}
