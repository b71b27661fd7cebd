// What operators do to an action: start it, approve it, update it, end or cancel it. Each act
// is one conditional replace of the action (so concurrent acts cannot interleave), an entry in
// the timeline, and the queueing of the new bulletin's fan-out. A retry with the same request
// key finds the bulletin it already wrote and only re-queues what was not yet dispatched.
import { createHash, randomUUID } from 'node:crypto';
import type { Channel } from '#shared/domain/vocabulary';
import type { ActionStore } from '#shared/ports/action-store';
import { timelineEntryId, type TimelineStore, type TimelineKind } from '#shared/ports/timeline-store';
import type { Queue } from '#shared/ports/queue';
import type { Clock } from '#shared/ports/clock';
import {
  EXERCISE_PREFIX,
  LIMITS,
  type Action,
  type Approval,
  type Bulletin,
  type BulletinKind,
  type CancelActionInput,
  type ChannelTexts,
  type CreateActionInput,
  type EndActionInput,
  type UpdateActionInput,
} from './action';
import { approvalReasons, areaApprovalReasons, DEFAULT_APPROVAL_RULE, type ApprovalRule } from './approval';
import { FOLLOW_UP_LABEL } from './render';
import { clipText } from './text';
import { smsBudgetIssue } from './sms-encoding';
import type { FanoutMessage } from './messages';
import type { WebhookMessage } from './webhook';
import { DomainError } from './domain-error';

export interface LifecycleDeps {
  readonly actions: ActionStore;
  readonly timeline: TimelineStore;
  readonly queue: Queue;
  readonly clock: Clock;
  readonly approvalRule?: ApprovalRule;
  /** The deployment's SMS segment budget: every follow-up SMS must fit it (the alert's is checked by its schema). */
  readonly smsMaxSegments: number;
}

/** Why an operator act was refused: unknown action, four eyes, wrong state, a text that does not fit. */
export class LifecycleError extends DomainError {}

const keyHash = (requestKey: string) => createHash('sha256').update(requestKey).digest('hex');

/** With a request key the id is derived from it, so a retry after a crash finds the same action. */
export function actionId(requestKey?: string): string {
  if (!requestKey) return `act_${randomUUID()}`;
  const h = keyHash(requestKey);
  return `act_${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export async function createAction(deps: LifecycleDeps, input: CreateActionInput, operator: string, requestKey?: string): Promise<Action> {
  const at = deps.clock.now().toISOString();
  const reasons = approvalReasons(input, deps.approvalRule ?? DEFAULT_APPROVAL_RULE);
  const candidate: Action = {
    id: actionId(requestKey),
    ...input,
    status: reasons.length > 0 ? 'awaiting-approval' : 'active',
    createdAt: at,
    createdBy: operator,
    ...(reasons.length > 0 ? { approval: { reasons } } : {}),
    bulletins: [{ seq: 0, kind: 'alert', at, by: operator, channels: input.channels, messages: input.messages, text: input.description.text, area: input.area }],
    rev: 1,
  };
  const created = await deps.actions.create(candidate);
  const action = created ? candidate : ((await deps.actions.get(candidate.id)) ?? candidate);
  await record(deps, action, operator, 'created', 0, { type: action.type, channels: [...action.channels], exercise: action.exercise });
  if (action.approval && !action.approval.by) await record(deps, action, 'system', 'approval-requested', 0, { reasons: [...action.approval.reasons] });
  return action.status === 'active' ? dispatchPending(deps, action) : action;
}

/** What an approval released: the action itself, or an update held for its area (`bulletin`). */
export interface Approved {
  readonly action: Action;
  readonly approval: Approval;
  readonly bulletin?: Bulletin;
}

export async function approveAction(deps: LifecycleDeps, id: string, operator: string): Promise<Approved> {
  let released: Bulletin | undefined;
  const action = await change(deps, id, (a) => {
    released = undefined;
    const at = deps.clock.now().toISOString();
    if (a.status === 'active' && a.heldUpdate) {
      // Four eyes on an update too: the one who moved the area cannot also release it.
      if (a.heldUpdate.by === operator) throw new LifecycleError('forbidden', 'an update must be approved by a different operator than the one who sent it');
      released = { ...a.heldUpdate, approval: { reasons: a.heldUpdate.approval?.reasons ?? [], by: operator, at } };
      const { heldUpdate: _released, ...rest } = a;
      return { ...rest, area: released.area ?? a.area, bulletins: [...a.bulletins, released] };
    }
    if (a.status !== 'awaiting-approval') throw new LifecycleError('conflict', a.approval?.by ? `already approved by another operator` : `action is ${a.status}; there is nothing to approve`);
    // Four eyes: the one who drew it cannot also release it.
    if (a.createdBy === operator) throw new LifecycleError('forbidden', 'an action must be approved by a different operator than the one who created it');
    return { ...a, status: 'active', approval: { reasons: a.approval?.reasons ?? [], by: operator, at } };
  });
  const bulletin = released;
  await record(deps, action, operator, 'approved', bulletin?.seq ?? 0, {});
  const dispatched = await dispatchPending(deps, action);
  return bulletin ? { action: dispatched, approval: bulletin.approval!, bulletin } : { action: dispatched, approval: dispatched.approval! };
}

export const updateAction = (deps: LifecycleDeps, id: string, input: UpdateActionInput, operator: string, requestKey?: string) =>
  followUp(deps, id, 'update', input, operator, requestKey);

export const endAction = (deps: LifecycleDeps, id: string, input: EndActionInput, operator: string, requestKey?: string) =>
  followUp(deps, id, 'end', input, operator, requestKey);

export const cancelAction = (deps: LifecycleDeps, id: string, input: CancelActionInput, operator: string, requestKey?: string) =>
  followUp(deps, id, 'cancel', input, operator, requestKey);

type FollowUpInput = UpdateActionInput | EndActionInput | CancelActionInput;
const TIMELINE_KIND: Record<Exclude<BulletinKind, 'alert'>, TimelineKind> = { update: 'updated', end: 'ended', cancel: 'cancelled' };

async function followUp(
  deps: LifecycleDeps,
  id: string,
  kind: Exclude<BulletinKind, 'alert'>,
  input: FollowUpInput,
  operator: string,
  requestKey?: string,
): Promise<{ action: Action; bulletin: Bulletin }> {
  const requestId = requestKey ? keyHash(requestKey).slice(0, 32) : undefined;
  const at = deps.clock.now().toISOString();
  let written: Bulletin | undefined;
  const action = await change(deps, id, (a) => {
    // The same request again (a client retry after a crash): nothing new, only re-dispatch.
    const again = requestId ? [...a.bulletins, ...(a.heldUpdate ? [a.heldUpdate] : [])].find((b) => b.requestId === requestId) : undefined;
    if (again) {
      written = again;
      return undefined;
    }
    if (a.status === 'ended' || a.status === 'cancelled') throw new LifecycleError('conflict', `action is ${a.status}; it accepts no ${kind}`);
    if (a.status === 'awaiting-approval' && kind !== 'cancel') throw new LifecycleError('conflict', `action awaits approval; only cancel is possible until a second operator approves it`);
    if (a.heldUpdate && kind === 'update') throw new LifecycleError('conflict', `update ${a.heldUpdate.seq} awaits approval; a second operator approves it, or end or cancel the action`);
    const channels = input.channels ?? a.channels;
    const stray = channels.find((c) => !a.channels.includes(c));
    if (stray) throw new LifecycleError('invalid', `the alert did not go out by ${stray}, so there is nobody to follow up on it`, 'channels');
    // An area that would have needed four eyes at creation needs them now: held, sent nowhere.
    const reasons = 'area' in input && input.area ? areaApprovalReasons(input.area, deps.approvalRule ?? DEFAULT_APPROVAL_RULE) : [];
    const bulletin: Bulletin = {
      seq: a.bulletins.length,
      kind,
      at,
      by: operator,
      channels,
      messages: followUpTexts(a, kind, input, channels, deps.smsMaxSegments),
      text: input.text,
      ...('area' in input && input.area ? { area: input.area } : {}),
      ...('outcome' in input ? { outcome: input.outcome } : {}),
      ...(requestId ? { requestId } : {}),
      ...(reasons.length > 0 ? { approval: { reasons } } : {}),
    };
    written = bulletin;
    if (reasons.length > 0) return { ...a, heldUpdate: bulletin };
    const closing = kind === 'end' || kind === 'cancel';
    // An end or cancel drops an update still held: it would be stale, and nobody approved it.
    const { heldUpdate: _dropped, ...rest } = a;
    return {
      ...rest,
      ...(bulletin.area ? { area: bulletin.area } : {}),
      ...(closing ? { status: kind === 'end' ? 'ended' : 'cancelled', endedAt: at } : {}),
      ...('outcome' in input ? { outcome: input.outcome } : {}),
      bulletins: [...a.bulletins, bulletin],
    };
  });
  const bulletin = written!;
  const held = bulletin.approval !== undefined && !bulletin.approval.by;
  await record(deps, action, operator, TIMELINE_KIND[kind], bulletin.seq, {
    channels: [...bulletin.channels],
    ...(bulletin.area ? { areaChanged: true } : {}),
    ...(bulletin.outcome ? { outcome: bulletin.outcome } : {}),
    ...(held ? { awaitingApproval: true } : {}),
  });
  if (held) await record(deps, action, 'system', 'approval-requested', bulletin.seq, { reasons: [...bulletin.approval!.reasons] });
  return { action: await dispatchPending(deps, action), bulletin };
}

/**
 * Channel texts of a follow-up: the operator's own wording per channel, or the public text with
 * a label saying what kind of message it is. Every SMS must fit the segment budget.
 */
function followUpTexts(a: Action, kind: Exclude<BulletinKind, 'alert'>, input: FollowUpInput, channels: readonly Channel[], smsMaxSegments: number): ChannelTexts {
  const label = FOLLOW_UP_LABEL[kind];
  const texts: ChannelTexts = {
    ...(channels.includes('sms') ? { sms: input.messages.sms ?? `${label}: ${input.text}` } : {}),
    ...(channels.includes('voice') ? { voice: input.messages.voice ?? `${label}. ${input.text}` } : {}),
    ...(channels.includes('push') ? { push: input.messages.push ?? { title: clip(`${label}: ${a.title}`, LIMITS.pushTitle), body: clip(input.text, LIMITS.pushBody) } } : {}),
  };
  if (texts.sms !== undefined) {
    const issue = smsBudgetIssue(a.exercise ? `${EXERCISE_PREFIX}${texts.sms}` : texts.sms, smsMaxSegments);
    if (issue) throw new LifecycleError('invalid', `the SMS would be ${issue}`, input.messages.sms !== undefined ? 'messages.sms' : 'text');
  }
  if (texts.voice !== undefined && texts.voice.length > LIMITS.voiceChars) {
    throw new LifecycleError('invalid', `the voice message would be longer than ${LIMITS.voiceChars} characters`, input.messages.voice !== undefined ? 'messages.voice' : 'text');
  }
  return texts;
}

/** Push texts are clipped between graphemes, never inside an emoji. */
const clip = clipText;

/** Applies a change with optimistic concurrency; `undefined` from `apply` means nothing to write. */
async function change(deps: LifecycleDeps, id: string, apply: (a: Action) => Action | undefined): Promise<Action> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await deps.actions.get(id);
    if (!current) throw new LifecycleError('not-found', `no action ${id}`);
    const next = apply(current);
    if (!next) return current;
    const written: Action = { ...next, rev: current.rev + 1 };
    if (await deps.actions.replace(written)) return written;
  }
  throw new LifecycleError('conflict', 'the action kept changing while this request was applied; try again');
}

/**
 * Queues the fan-out of every bulletin not yet dispatched, oldest first, and marks them. Queueing
 * twice is harmless (the ledger dedupes); never queueing is not, so the mark comes after.
 */
export async function dispatchPending(deps: LifecycleDeps, action: Action): Promise<Action> {
  // Never released (still waiting, or cancelled before a second operator approved): nobody was
  // alerted, so nothing of it goes out, not even the cancel.
  if (action.approval && !action.approval.by) return action;
  const pending = action.bulletins.filter((b) => !b.dispatchedAt);
  if (pending.length === 0) return action;
  const plans: FanoutMessage[] = pending.map((b) => ({ kind: 'plan', actionId: action.id, seq: b.seq }));
  // Participants first; social media and displays get the same bulletin through the webhook.
  // Exercises never leave the system except to participants who opted in.
  await deps.queue.send('fanout', plans);
  if (!action.exercise) await deps.queue.send('webhook', pending.map((b): WebhookMessage => ({ actionId: action.id, seq: b.seq })));
  const at = deps.clock.now().toISOString();
  const seqs = new Set(pending.map((b) => b.seq));
  return change(deps, action.id, (a) =>
    a.bulletins.every((b) => !seqs.has(b.seq) || b.dispatchedAt) ? undefined : { ...a, bulletins: a.bulletins.map((b) => (seqs.has(b.seq) && !b.dispatchedAt ? { ...b, dispatchedAt: at } : b)) },
  );
}

async function record(deps: LifecycleDeps, action: Action, actor: string, kind: TimelineKind, seq: number, details: Record<string, string | number | boolean | string[]>) {
  await deps.timeline.append({ actionId: action.id, id: timelineEntryId(seq, kind), at: deps.clock.now().toISOString(), actor, kind, seq, details });
}
