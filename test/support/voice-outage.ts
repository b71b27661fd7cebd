// A voice provider that is down while `isDown()` says so (transient errors, as a real outage),
// other channels untouched; and the teardown that puts the real providers back.
import type { Runtime } from '#shared/local/runtime';
import { ChannelError } from '#shared/ports/channel-sender';
import { rmSync } from 'node:fs';

export async function voiceOutage(isDown: () => boolean): Promise<void> {
  const deps = await import('#shared/runtime/deps');
  deps.override({
    sender: (channel, real) =>
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
  const deps = await import('#shared/runtime/deps');
  deps.override({ sender: undefined });
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
}
