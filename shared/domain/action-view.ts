// What the operator API shows of an action: everything they entered, its bulletins and live
// counts per bulletin and channel.
import { channels as allChannels, type Channel } from '#shared/domain/vocabulary';
import type { ChannelCounts } from '#shared/ports/delivery-store';
import type { Action, Bulletin } from './action';

export type CountsBySeq = ReadonlyMap<number, Partial<Record<Channel, ChannelCounts>>>;

export function actionSummary(a: Action) {
  return { id: a.id, type: a.type, title: a.title, status: a.status, exercise: a.exercise, channels: a.channels, createdAt: a.createdAt, ...(a.outcome ? { outcome: a.outcome } : {}) };
}

function countsView(channels: readonly Channel[], counts: Partial<Record<Channel, ChannelCounts>> | undefined) {
  const zero: ChannelCounts = { targeted: 0, queued: 0, sent: 0, failed: 0, skipped: 0 };
  return Object.fromEntries(
    allChannels.filter((c) => channels.includes(c)).map((c) => {
      const n = counts?.[c] ?? zero;
      return [c, { targeted: n.targeted, queued: n.queued, sent: n.sent, failed: n.failed, skipped: n.skipped, firstSentAt: n.firstSentAt ?? null, lastSentAt: n.lastSentAt ?? null }];
    }),
  );
}

/** A bulletin without its internal bookkeeping (the request key hash). */
export function bulletinView(b: Bulletin, counts?: Partial<Record<Channel, ChannelCounts>>) {
  const { requestId: _requestId, ...rest } = b;
  return { ...rest, dispatchedAt: b.dispatchedAt ?? null, ...(counts ? { counts: countsView(b.channels, counts) } : {}) };
}

export function actionView(a: Action, counts: CountsBySeq) {
  return {
    ...actionSummary(a),
    description: a.description,
    area: a.area,
    messages: a.messages,
    createdBy: a.createdBy,
    approval: a.approval ?? null,
    endedAt: a.endedAt ?? null,
    dispatchedAt: a.bulletins[0]?.dispatchedAt ?? null,
    /** The alert's counts, the figure an operator watches first. */
    counts: countsView(a.channels, counts.get(0)),
    bulletins: a.bulletins.map((b) => bulletinView(b, counts.get(b.seq))),
    ...(a.heldUpdate ? { heldUpdate: bulletinView(a.heldUpdate) } : {}),
  };
}
