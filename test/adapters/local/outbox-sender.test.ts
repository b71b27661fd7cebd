// OutboxSender against dynalite: what lands in the local outbox per channel, that personal data
// is masked in the stored entry, that a resend is recognised, and that readOutbox sorts by time.
import { describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { OutboxSender, maskNumber, readOutbox } from '#shared/adapters/local/outbox-sender';
import { LOCAL_OUTBOX_TABLE } from '#shared/adapters/local/tables';
import type { OutboundMessage } from '#shared/ports/channel-sender';
import { useLocalStore } from '../../support/local-store';

const PHONE = '+31687651234';
const ENDPOINT = 'arn:aws:sns:eu-west-1:123456789012:endpoint/GCM/burgernet/5f1c9e2a-7b3d-4e8f-9a0b-c1d2e3f4a5b6';

const at = (iso: string) => () => new Date(iso);

const sms = (actionId: string, deliveryId: string, text = 'Burgernet: kijk uit naar een man op een rode scooter.'): OutboundMessage => ({
  channel: 'sms',
  deliveryId,
  actionId,
  participantId: 'p-1',
  to: PHONE,
  text,
});

describe('OutboxSender', () => {
  const store = useLocalStore();
  const rawEntries = async (actionId: string) =>
    (await store.db.send(new QueryCommand({ TableName: LOCAL_OUTBOX_TABLE, KeyConditionExpression: 'actionId = :a', ExpressionAttributeValues: { ':a': actionId } }))).Items ?? [];

  it('masks all but the prefix and the last four digits of a number', () => {
    expect(maskNumber(PHONE)).toBe('+316******1234');
    expect(maskNumber('+31201234567')).toBe('+312******4567');
  });

  it('stores an SMS with the masked number and never the full one', async () => {
    const sender = new OutboxSender('sms', store.db, at('2026-01-01T10:00:00.000Z'));
    expect(sender.channel).toBe('sms');
    expect(await sender.send(sms('a-sms', 'd-sms-1'))).toBe('outbox:d-sms-1');

    expect(await readOutbox(store.db, 'a-sms')).toEqual([
      { channel: 'sms', participantId: 'p-1', maskedNumber: '+316******1234', text: 'Burgernet: kijk uit naar een man op een rode scooter.', sentAt: '2026-01-01T10:00:00.000Z' },
    ]);
    const raw = await rawEntries('a-sms');
    expect(raw).toHaveLength(1);
    expect(JSON.stringify(raw)).not.toContain(PHONE);
    expect(JSON.stringify(raw)).not.toContain('87651234');
  });

  it('stores a voice message with its SSML and the masked number', async () => {
    const ssml = '<speak><prosody rate="90%">Dit is Burgernet. Kijk uit naar een man op een rode scooter.</prosody></speak>';
    const sender = new OutboxSender('voice', store.db, at('2026-01-01T10:00:00.000Z'));
    await sender.send({ channel: 'voice', deliveryId: 'd-voice-1', actionId: 'a-voice', participantId: 'p-2', to: PHONE, ssml, language: 'nl' });

    expect(await readOutbox(store.db, 'a-voice')).toEqual([
      { channel: 'voice', participantId: 'p-2', maskedNumber: '+316******1234', text: ssml, sentAt: '2026-01-01T10:00:00.000Z' },
    ]);
    expect(JSON.stringify(await rawEntries('a-voice'))).not.toContain(PHONE);
  });

  it('stores a push with title, body and a masked device, never the endpoint', async () => {
    const sender = new OutboxSender('push', store.db, at('2026-01-01T10:00:00.000Z'));
    await sender.send({
      channel: 'push',
      deliveryId: 'd-push-1',
      actionId: 'a-push',
      participantId: 'p-3',
      endpoint: ENDPOINT,
      platform: 'android',
      title: 'Burgernet Utrecht',
      body: 'Kijk uit naar een man op een rode scooter',
    });

    const [entry, ...rest] = await readOutbox(store.db, 'a-push');
    expect(rest).toEqual([]);
    expect(entry).toEqual({ channel: 'push', participantId: 'p-3', maskedDevice: '…a5b6', title: 'Burgernet Utrecht', text: 'Kijk uit naar een man op een rode scooter', sentAt: '2026-01-01T10:00:00.000Z' });
    const raw = JSON.stringify(await rawEntries('a-push'));
    expect(raw).not.toContain(ENDPOINT);
    expect(raw).not.toContain('5f1c9e2a');
  });

  it('stores one entry for a resent delivery and returns the same id', async () => {
    const first = new OutboxSender('sms', store.db, at('2026-01-01T10:00:00.000Z'));
    const retry = new OutboxSender('sms', store.db, at('2026-01-01T10:03:00.000Z'));

    const id1 = await first.send(sms('a-resend', 'd-resend'));
    const id2 = await retry.send(sms('a-resend', 'd-resend', 'Tweede poging'));

    expect(id2).toBe(id1);
    const entries = await readOutbox(store.db, 'a-resend');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ text: 'Burgernet: kijk uit naar een man op een rode scooter.', sentAt: '2026-01-01T10:00:00.000Z' });
  });

  it('stores concurrent sends of the same delivery once', async () => {
    const sender = new OutboxSender('sms', store.db, at('2026-01-01T10:00:00.000Z'));
    const ids = await Promise.all(Array.from({ length: 5 }, () => sender.send(sms('a-concurrent', 'd-concurrent'))));
    expect(new Set(ids)).toEqual(new Set(['outbox:d-concurrent']));
    expect(await readOutbox(store.db, 'a-concurrent')).toHaveLength(1);
  });

  it('reads back one action\'s entries sorted by send time', async () => {
    let clock = '2026-01-01T10:00:05.000Z';
    const sender = new OutboxSender('sms', store.db, () => new Date(clock));
    // Delivery ids in key order, send times out of it.
    for (const [deliveryId, time] of [
      ['d-a', '2026-01-01T10:00:05.000Z'],
      ['d-b', '2026-01-01T10:00:01.000Z'],
      ['d-c', '2026-01-01T10:00:09.000Z'],
      ['d-d', '2026-01-01T10:00:03.000Z'],
    ] as const) {
      clock = time;
      await sender.send({ ...sms('a-sorted', deliveryId), participantId: deliveryId });
    }
    await sender.send(sms('a-sorted-other', 'd-x'));

    const entries = await readOutbox(store.db, 'a-sorted');
    expect(entries.map((e) => e.sentAt)).toEqual(['2026-01-01T10:00:01.000Z', '2026-01-01T10:00:03.000Z', '2026-01-01T10:00:05.000Z', '2026-01-01T10:00:09.000Z']);
    expect(entries.map((e) => e.participantId)).toEqual(['d-b', 'd-d', 'd-a', 'd-c']);
    for (const e of entries) {
      expect(e).not.toHaveProperty('actionId');
      expect(e).not.toHaveProperty('deliveryId');
    }
  });

  it('returns nothing for an action without messages', async () => {
    expect(await readOutbox(store.db, 'a-silent')).toEqual([]);
  });
});
