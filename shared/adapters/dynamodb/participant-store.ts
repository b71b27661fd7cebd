// ParticipantStore on DynamoDB. One item per participant; active participants also carry the
// geo-index keys, so the sparse `geo` index holds exactly who may be alerted.
import { BatchGetCommand, BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Candidate, Contact, Participant, ParticipantStore, ReadStats } from '#shared/ports/participant-store';
import type { Channel } from '#infra/topology';
import { geoKey, type GeoRange } from '#shared/domain/geo-index';
import { withUnprocessed } from './client';

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
}

export function toItem(p: Participant): ParticipantItem {
  const geo = p.status === 'active' ? geoKey(p.lat, p.lon, p.id) : {};
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
    ...geo,
  };
}

export class DynamoParticipantStore implements ParticipantStore {
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
        out.push({ id: gc.slice(gc.indexOf('#') + 1), lat: item.lat as number, lon: item.lon as number, channels: item.ch as Channel[], exerciseOptIn: item.ex === true });
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
              [this.table]: { Keys: batch, ProjectionExpression: 'id, phone, push, ch, lang, st', ConsistentRead: true },
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
          });
        }
        const left = out.UnprocessedKeys?.[this.table]?.Keys;
        return left && left.length > 0 ? (left as typeof batch) : undefined;
      });
    }
    return found;
  }
}
