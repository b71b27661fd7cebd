// ParticipantStore on DynamoDB. One item per participant; active participants from the register
// also carry the geo-index keys, so the sparse `geo` index holds exactly who may be alerted.
// Self-service addresses, saved places and device positions are location items (`loc#…`) in the
// same index, each naming its owner.
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Candidate, Contact, Location, Participant, ParticipantRegistry, ParticipantStore, ReadStats } from '#shared/ports/participant-store';
import type { Channel } from '#infra/topology';
import { geoKey, type GeoRange } from '#shared/domain/geo-index';
import { decodeWindows, encodeWindows } from '#shared/domain/time-window';
import { isConditionFailure, withUnprocessed } from './client';

/** Ranges queried at once by one selector. */
const QUERY_CONCURRENCY = 8;

interface ParticipantItem {
  id: string;
  ext?: string;
  phone?: string;
  push?: Participant['push'];
  ch: Channel[];
  lat: number;
  lon: number;
  mun?: string;
  lang: Participant['language'];
  st: Participant['status'];
  ex: boolean;
  upd: string;
  gb?: string;
  gc?: string;
  ph?: string;
  addr?: Participant['addresses'];
  camp?: string;
  fails?: number;
}

const locationId = (ownerId: string, slot: string) => `loc#${ownerId}#${slot}`;

function locationItem(l: Location) {
  const id = locationId(l.ownerId, l.slot);
  const exp = l.expiresAt ? Math.floor(Date.parse(l.expiresAt) / 1000) : undefined;
  return {
    id,
    own: l.ownerId,
    lat: l.lat,
    lon: l.lon,
    ch: [...l.channels],
    ex: l.exerciseOptIn,
    mun: l.municipalityCode,
    win: l.windows && l.windows.length > 0 ? encodeWindows(l.windows) : undefined,
    // `exp` is read by the selector; `ttl` lets DynamoDB remove the item some time later.
    exp,
    ttl: exp !== undefined ? exp + 86_400 : undefined,
    ...geoKey(l.lat, l.lon, id),
  };
}

export function toItem(p: Participant): ParticipantItem {
  const geo = p.status === 'active' && !p.addresses ? geoKey(p.lat, p.lon, p.id) : {};
  return {
    id: p.id,
    ext: p.externalId,
    phone: p.phone,
    push: p.push,
    ch: [...p.channels],
    lat: p.lat,
    lon: p.lon,
    mun: p.municipalityCode,
    lang: p.language,
    st: p.status,
    ex: p.exerciseOptIn,
    upd: p.updatedAt,
    ph: p.phoneKey,
    addr: p.addresses,
    camp: p.campaign,
    ...geo,
  };
}

function fromItem(item: ParticipantItem): Participant {
  return {
    id: item.id,
    ...(item.ext ? { externalId: item.ext } : {}),
    ...(item.phone ? { phone: item.phone } : {}),
    ...(item.ph ? { phoneKey: item.ph } : {}),
    ...(item.push ? { push: item.push } : {}),
    channels: item.ch,
    lat: item.lat,
    lon: item.lon,
    ...(item.mun ? { municipalityCode: item.mun } : {}),
    language: item.lang,
    status: item.st,
    exerciseOptIn: item.ex,
    updatedAt: item.upd,
    ...(item.addr ? { addresses: item.addr } : {}),
    ...(item.camp ? { campaign: item.camp } : {}),
  };
}

export class DynamoParticipantStore implements ParticipantStore, ParticipantRegistry {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putMany(participants: readonly Participant[]): Promise<void> {
    // BatchWriteItem refuses a batch that names one key twice; the later participant wins, as a
    // second put would have made it.
    const unique = [...new Map(participants.map((p) => [p.id, p])).values()];
    for (let i = 0; i < unique.length; i += 25) {
      const requests = unique.slice(i, i + 25).map((p) => ({ PutRequest: { Item: toItem(p) } }));
      await withUnprocessed(requests, async (items) => {
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: items } }));
        const left = out.UnprocessedItems?.[this.table];
        return left && left.length > 0 ? (left as typeof items) : undefined;
      });
    }
  }

  async *candidatesIn(ranges: readonly GeoRange[], stats: ReadStats): AsyncIterable<readonly Candidate[]> {
    for (let i = 0; i < ranges.length; i += QUERY_CONCURRENCY) {
      const pages = await Promise.all(ranges.slice(i, i + QUERY_CONCURRENCY).map((r) => this.readRange(r, stats)));
      for (const page of pages) yield page;
    }
  }

  private async readRange(range: GeoRange, stats: ReadStats): Promise<Candidate[]> {
    const out: Candidate[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'geo',
          KeyConditionExpression: 'gb = :b AND gc BETWEEN :f AND :t',
          ExpressionAttributeValues: { ':b': range.bucket, ':f': range.from, ':t': range.to },
          ExclusiveStartKey: start,
        }),
      );
      stats.queryCalls++;
      stats.itemsRead += page.Count ?? 0;
      for (const item of page.Items ?? []) {
        const gc = item.gc as string;
        out.push({
          id: typeof item.own === 'string' ? item.own : gc.slice(gc.indexOf('#') + 1),
          lat: item.lat as number,
          lon: item.lon as number,
          channels: item.ch as Channel[],
          exerciseOptIn: item.ex === true,
          ...(typeof item.mun === 'string' ? { municipalityCode: item.mun } : {}),
          ...(typeof item.win === 'string' ? { windows: decodeWindows(item.win) } : {}),
          ...(typeof item.exp === 'number' ? { expiresAt: new Date(item.exp * 1000).toISOString() } : {}),
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async contacts(ids: readonly string[]): Promise<ReadonlyMap<string, Contact>> {
    const found = new Map<string, Contact>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      const keys = unique.slice(i, i + 100).map((id) => ({ id }));
      await withUnprocessed(keys, async (batch) => {
        const out = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: { Keys: batch, ProjectionExpression: 'id, phone, push, ch, lang, st, fails, mun', ConsistentRead: true },
            },
          }),
        );
        for (const item of out.Responses?.[this.table] ?? []) {
          found.set(item.id as string, {
            id: item.id as string,
            phone: item.phone as string | undefined,
            push: item.push as Contact['push'],
            channels: item.ch as Channel[],
            language: item.lang as Contact['language'],
            status: item.st as Contact['status'],
            ...(typeof item.fails === 'number' ? { failures: item.fails } : {}),
            ...(typeof item.mun === 'string' ? { municipalityCode: item.mun } : {}),
          });
        }
        const left = out.UnprocessedKeys?.[this.table]?.Keys;
        return left && left.length > 0 ? (left as typeof batch) : undefined;
      });
    }
    return found;
  }

  async get(id: string): Promise<Participant | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }));
    return out.Item ? fromItem(out.Item as ParticipantItem) : undefined;
  }

  async findByPhoneKey(phoneKey: string): Promise<string | undefined> {
    const out = await this.db.send(
      new QueryCommand({ TableName: this.table, IndexName: 'byPhone', KeyConditionExpression: 'ph = :k', ExpressionAttributeValues: { ':k': phoneKey }, Limit: 1 }),
    );
    return out.Items?.[0]?.id as string | undefined;
  }

  async replace(p: Participant): Promise<boolean> {
    // Only over a record that is still there: a change in flight must not bring back an erased one.
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: toItem(p), ConditionExpression: 'attribute_exists(id)' }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async setLocations(ownerId: string, locations: readonly Location[], remove: readonly string[]): Promise<boolean> {
    const keep = new Set(locations.map((l) => l.slot));
    const requests = [
      ...locations.map((l) => ({ PutRequest: { Item: locationItem(l) } })),
      ...remove.filter((slot) => !keep.has(slot)).map((slot) => ({ DeleteRequest: { Key: { id: locationId(ownerId, slot) } } })),
    ];
    await this.batchWrite(requests);
    if (locations.length === 0) return true;
    // Written first, then the owner checked (DynamoDB has no condition across items; dynalite no
    // transactions). An erasure removes the record before its last sweep of the locations, so a
    // write either lands before that sweep or sees the owner gone here and takes itself back.
    if (await this.ownerActive(ownerId)) return true;
    await this.batchWrite(locations.map((l) => ({ DeleteRequest: { Key: { id: locationId(ownerId, l.slot) } } })));
    return false;
  }

  private async ownerActive(id: string): Promise<boolean> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { id }, ProjectionExpression: 'st', ConsistentRead: true }));
    return out.Item?.st === 'active';
  }

  async erase(id: string, slots: readonly string[]): Promise<void> {
    const sweep = () => this.batchWrite(slots.map((slot) => ({ DeleteRequest: { Key: { id: locationId(id, slot) } } })));
    // Locations, record, locations again: the first sweep leaves the record for a retry if it fails;
    // the second takes what writes in flight put back before they could see the record gone.
    await sweep();
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: { id } }));
    await sweep();
  }

  async recordPermanentFailure(id: string, limit: number): Promise<'counted' | 'deactivated'> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression: 'ADD fails :one',
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      if (((out.Attributes?.fails as number | undefined) ?? 0) < limit) return 'counted';
      // Deactivated: out of the geo index (REMOVE gb, gc) so the next action does not target them.
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression: 'SET st = :off REMOVE gb, gc',
          ConditionExpression: 'st = :active',
          ExpressionAttributeValues: { ':off': 'deactivated', ':active': 'active' },
        }),
      );
      return 'deactivated';
    } catch (err) {
      if (isConditionFailure(err)) return 'counted';
      throw err;
    }
  }

  async clearFailures(id: string): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.table, Key: { id }, UpdateExpression: 'REMOVE fails', ConditionExpression: 'attribute_exists(id)' })).catch((err: unknown) => {
      if (!isConditionFailure(err)) throw err;
    });
  }

  private async batchWrite(requests: ({ PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } })[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      await withUnprocessed(requests.slice(i, i + 25), async (items) => {
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: items } }));
        const left = out.UnprocessedItems?.[this.table];
        return left && left.length > 0 ? (left as typeof items) : undefined;
      });
    }
  }
}
