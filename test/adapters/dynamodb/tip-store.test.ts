// DynamoTipStore against dynalite: an action's tips newest first, paged, other actions apart,
// and a cursor that is not one it handed out refused before DynamoDB sees it.
import { describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoTipStore } from '#shared/adapters/dynamodb/tip-store';
import { InvalidCursorError } from '#shared/adapters/dynamodb/action-store';
import type { Tip } from '#shared/ports/tip-store';
import { useLocalStore } from '../../support/local-store';

const A = 'act_00000000-0000-4000-8000-000000000001';
const tip = (i: number, actionId = A): Tip => ({
  actionId,
  id: `tip_00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  at: `2026-03-02T08:0${i}:00.000Z`,
  text: `tip ${i}`,
  tipster: 'abc123def456',
  expiresAt: '2026-08-29T08:00:00.000Z',
  ...(i === 2 ? { position: { lat: 52.09, lon: 5.12 }, photo: { key: `tips/${actionId}/x.jpg`, contentType: 'image/jpeg', bytes: 10 } } : {}),
});

describe('DynamoTipStore', () => {
  const store = useLocalStore();
  const tips = () => new DynamoTipStore(store.db, 'tips');

  it('pages newest first and keeps actions apart', async () => {
    for (const i of [1, 2, 3, 4, 5]) await tips().add(tip(i));
    await tips().add(tip(6, 'act_00000000-0000-4000-8000-000000000002'));
    const first = await tips().list(A, 2);
    expect(first.items.map((t) => t.text)).toEqual(['tip 5', 'tip 4']);
    const second = await tips().list(A, 2, first.next);
    const third = await tips().list(A, 2, second.next);
    expect([...second.items, ...third.items].map((t) => t.text)).toEqual(['tip 3', 'tip 2', 'tip 1']);
    expect(second.items[1]).toEqual(tip(2));
    expect(third.next).toBeUndefined();
  });

  it('sets the TTL attribute from the expiry', async () => {
    const items = (await store.db.send(new ScanCommand({ TableName: 'tips' }))).Items ?? [];
    expect(items.every((i) => i.ttl === Date.parse('2026-08-29T08:00:00.000Z') / 1000)).toBe(true);
  });

  it('refuses a cursor it did not hand out', async () => {
    await expect(tips().list(A, 2, 'bm90IGEgY3Vyc29y')).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
