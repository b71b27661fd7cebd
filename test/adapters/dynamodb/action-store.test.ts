// DynamoActionStore against dynalite: create-once, conditional replace by revision, newest-first paging, cursors.
import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoActionStore, InvalidCursorError } from '#shared/adapters/dynamodb/action-store';
import type { Action } from '#shared/domain/action';
import { useLocalStore } from '../../support/local-store';

const TABLE = 'actions';

const action = (id: string, createdAt: string, over: Partial<Action> = {}): Action => ({
  id,
  type: 'heterdaad',
  title: `Overval ${id}`,
  description: { text: 'Man op scooter richting centrum', person: { clothing: 'zwarte jas' } },
  area: { center: { lat: 52.0907, lon: 5.1214 }, radiusMeters: 1500 },
  channels: ['sms', 'push'],
  messages: { sms: 'Kijk uit naar een man op een scooter', push: { title: 'Burgernet', body: 'Kijk uit' } },
  exercise: false,
  status: 'active',
  createdAt,
  createdBy: 'operator-1',
  bulletins: [],
  rev: 1,
  ...over,
});

const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('DynamoActionStore', () => {
  const store = useLocalStore();
  const actions = () => new DynamoActionStore(store.db, TABLE);

  it('creates an action and reads it back whole, without the index attribute', async () => {
    const a = action('a-create', '2026-03-01T10:00:00.000Z');
    expect(await actions().create(a)).toBe(true);

    const got = await actions().get('a-create');
    expect(got).toEqual(a);
    expect(got).not.toHaveProperty('kind');
  });

  it('returns false for an existing id and keeps the first action', async () => {
    const first = action('a-dup', '2026-03-01T11:00:00.000Z');
    expect(await actions().create(first)).toBe(true);
    expect(await actions().create(action('a-dup', '2026-03-02T11:00:00.000Z', { title: 'Overschreven', createdBy: 'someone-else' }))).toBe(false);

    expect(await actions().get('a-dup')).toEqual(first);
  });

  it('returns undefined for an unknown id', async () => {
    expect(await actions().get('does-not-exist')).toBeUndefined();
  });

  it('replaces an action only from the revision it was read at (two operators at once)', async () => {
    const a = action('a-replace', '2026-03-01T12:00:00.000Z');
    await actions().create(a);
    const first = { ...a, status: 'ended' as const, outcome: 'aangehouden' as const, rev: 2 };
    const second = { ...a, title: 'Gelijktijdig', rev: 2 };
    expect(await actions().replace(first)).toBe(true);
    expect(await actions().replace(second)).toBe(false);
    expect(await actions().get('a-replace')).toEqual(first);
    expect(await actions().replace({ ...first, title: 'Daarna', rev: 3 })).toBe(true);
    expect((await actions().get('a-replace'))?.title).toBe('Daarna');
  });

  it('does not create a phantom action when replacing an unknown id', async () => {
    expect(await actions().replace(action('a-ghost', '2026-03-01T12:00:00.000Z', { rev: 2 }))).toBe(false);
    expect(await actions().get('a-ghost')).toBeUndefined();
    const raw = await store.db.send(new GetCommand({ TableName: TABLE, Key: { id: 'a-ghost' }, ConsistentRead: true }));
    expect(raw.Item).toBeUndefined();
  });
});

describe('DynamoActionStore.list', () => {
  const store = useLocalStore();
  const actions = () => new DynamoActionStore(store.db, TABLE);

  // 23 actions on distinct days plus two that share a createdAt: the cursor must carry the id too.
  const all = [
    ...Array.from({ length: 23 }, (_, i) => action(`list-${String(i).padStart(2, '0')}`, `2026-01-${String(i + 1).padStart(2, '0')}T08:00:00.000Z`)),
    action('list-tie-a', '2026-01-10T09:30:00.000Z'),
    action('list-tie-b', '2026-01-10T09:30:00.000Z'),
  ];

  const seed = async () => {
    for (const a of all) expect(await actions().create(a)).toBe(true);
  };

  const pageAll = async (limit: number) => {
    const pages: Action[][] = [];
    let cursor: string | undefined;
    do {
      const page = await actions().list(limit, cursor);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      pages.push([...page.items]);
      cursor = page.next;
    } while (cursor && pages.length < 100);
    return pages;
  };

  it('lists newest first, honouring the limit', async () => {
    await seed();
    const page = await actions().list(5);
    expect(page.items).toHaveLength(5);
    expect(page.next).toBeTypeOf('string');
    const newest = [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 5);
    expect(page.items.map((a) => a.createdAt)).toEqual(newest.map((a) => a.createdAt));
    for (const a of page.items) expect(a).not.toHaveProperty('kind');
  });

  it.each([1, 4, 5, 25, 100])('pages through every action exactly once with limit %i', async (limit) => {
    const pages = await pageAll(limit);
    const items = pages.flat();

    expect(items.map((a) => a.id).sort()).toEqual(all.map((a) => a.id).sort());
    expect(new Set(items.map((a) => a.id)).size).toBe(items.length);
    const created = items.map((a) => a.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(items.find((a) => a.id === 'list-03')).toEqual(all.find((a) => a.id === 'list-03'));
  });

  it('hands out a cursor that is opaque base64url', async () => {
    const { next } = await actions().list(3);
    expect(next).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each<[string, string]>([
    ['garbage', 'not a cursor at all!'],
    ['base64url of plain text', encode('hello world')],
    ['a JSON array', encode(['action', 'x', 'y'])],
    ['JSON null', encode('null')],
    ['another kind', encode({ id: 'list-01', kind: 'participant', createdAt: '2026-01-02T08:00:00.000Z' })],
    ['a number in the key', encode({ id: 'list-01', kind: 'action', createdAt: 5 })],
    ['an extra attribute', encode({ id: 'list-01', kind: 'action', createdAt: '2026-01-02T08:00:00.000Z', x: 'y' })],
    ['a missing attribute', encode({ id: 'list-01', kind: 'action' })],
    ['foreign attribute names', encode({ id: 'list-01', kind: 'action', gb: '2026-01-02T08:00:00.000Z' })],
    ['empty key values', encode({ id: '', kind: 'action', createdAt: '' })],
    ['an oversized sort key', encode({ id: 'list-01', kind: 'action', createdAt: '2'.repeat(1100) })],
  ])('rejects a tampered cursor (%s) with InvalidCursorError', async (_name, cursor) => {
    await expect(actions().list(5, cursor)).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('accepts a cursor it handed out after a round trip through a string', async () => {
    const first = await actions().list(2);
    const again = await actions().list(2, `${first.next!}`);
    expect(again.items.map((a) => a.id)).not.toContain(first.items[0]!.id);
    expect(again.items.map((a) => a.id)).not.toContain(first.items[1]!.id);
  });
});

describe('DynamoActionStore with actions stored by an earlier version', () => {
  const store = useLocalStore();
  const actions = () => new DynamoActionStore(store.db, TABLE);

  it('reads an action without bulletins as its alert at revision 0, and replaces it once', async () => {
    const { bulletins: _b, rev: _r, ...legacy } = action('a-legacy', '2026-03-01T12:00:00.000Z');
    await store.db.send(new PutCommand({ TableName: TABLE, Item: { ...legacy, kind: 'action', dispatchedAt: '2026-03-01T12:00:01.000Z' } }));
    const read = await actions().get('a-legacy');
    expect(read).toMatchObject({ rev: 0, bulletins: [{ seq: 0, kind: 'alert', text: legacy.description.text, dispatchedAt: '2026-03-01T12:00:01.000Z' }] });
    expect(await actions().replace({ ...read!, status: 'ended', rev: 1 })).toBe(true);
    expect(await actions().replace({ ...read!, status: 'cancelled', rev: 1 })).toBe(false);
    expect((await actions().get('a-legacy'))?.status).toBe('ended');
  });
});
