// A channel sender that counts what the provider did (shared/runtime/metrics.ts) and how long
// after its bulletin's dispatch each message went out. Sees provider calls only: a recipient
// without a number or device is recorded as failed by the domain without reaching here.
import { ChannelError, type ChannelSender, type OutboundMessage } from '#shared/ports/channel-sender';
import type { ActionStore } from '#shared/ports/action-store';
import { recordSend } from './metrics';

const RESULT = { permanent: 'failed', throttled: 'throttled', transient: 'error' } as const;
const CACHED = 500;

/** When each bulletin started its fan-out (epoch ms), read once per action and bulletin per instance. */
export function bulletinStarts(actions: Pick<ActionStore, 'get'>): (actionId: string, seq: number) => Promise<number | undefined> {
  const starts = new Map<string, Promise<number | undefined>>();
  return (actionId, seq) => {
    const key = `${actionId}:${seq}`;
    let start = starts.get(key);
    if (!start) {
      start = actions.get(actionId).then(
        (a) => {
          const b = a?.bulletins[seq];
          const at = b?.dispatchedAt ?? b?.at;
          return at ? Date.parse(at) : undefined;
        },
        () => undefined,
      );
      starts.set(key, start);
      if (starts.size > CACHED) starts.delete(starts.keys().next().value!);
    }
    return start;
  };
}

/** Delivery ids are `actionId:seq:channel:participantId` (shared/domain/deliver.ts). */
const seqOf = (m: OutboundMessage): number => Number(m.deliveryId.split(':')[1]);

export function measuredSender(inner: ChannelSender, startOf: (actionId: string, seq: number) => Promise<number | undefined>): ChannelSender {
  return {
    channel: inner.channel,
    async send(message) {
      try {
        const id = await inner.send(message);
        const start = await startOf(message.actionId, seqOf(message));
        recordSend(inner.channel, 'sent', start === undefined ? undefined : Math.max(0, Date.now() - start));
        return id;
      } catch (err) {
        if (err instanceof ChannelError) recordSend(inner.channel, RESULT[err.kind]);
        throw err;
      }
    },
  };
}
