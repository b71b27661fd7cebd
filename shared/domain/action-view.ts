// What the operator API shows of an action: everything they entered plus live counts.
import { channels as allChannels, type Channel } from '#infra/topology';
import type { ChannelCounts } from '#shared/ports/delivery-store';
import type { Action } from './action';

export function actionSummary(a: Action) {
  return { id: a.id, type: a.type, title: a.title, status: a.status, exercise: a.exercise, channels: a.channels, createdAt: a.createdAt };
}

export function actionView(a: Action, counts: Partial<Record<Channel, ChannelCounts>>) {
  const zero: ChannelCounts = { targeted: 0, queued: 0, sent: 0, failed: 0 };
  const perChannel = Object.fromEntries(
    allChannels.filter((c) => a.channels.includes(c)).map((c) => {
      const n = counts[c] ?? zero;
      return [c, { targeted: n.targeted, queued: n.queued, sent: n.sent, failed: n.failed, firstSentAt: n.firstSentAt ?? null, lastSentAt: n.lastSentAt ?? null }];
    }),
  );
  return {
    ...actionSummary(a),
    description: a.description,
    area: a.area,
    messages: a.messages,
    createdBy: a.createdBy,
    dispatchedAt: a.dispatchedAt ?? null,
    counts: perChannel,
  };
}
