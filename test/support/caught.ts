// Awaits a promise that must reject with a ChannelError and returns that error for inspection.
import { expect } from 'vitest';
import { ChannelError } from '#shared/ports/channel-sender';

export async function caught(p: Promise<unknown>): Promise<ChannelError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChannelError);
  return err as ChannelError;
}
