// UsageStore on DynamoDB: one table, records written whole (PutItem/BatchWriteItem), and for the
// two "first one stands" facts (a month's `from` state, a sign-up's dates) an UpdateItem with
// if_not_exists — each is idempotent on its own, so no transaction is needed.
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ParticipantMonthRecord, ParticipantSummary, SignupRecord, UsageRecord, UsageStore } from '#shared/ports/usage-store';
import { isConditionFailure, withUnprocessed } from './client';

const statePk = (id: string) => `state#${id}`;
const firstPk = (code: string) => `first#${code}`;
const campaignPk = (id: string) => `campaign#${id}`;
const membersPk = (code: string) => `campaigns#${code}`;

export class DynamoUsageStore implements UsageStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async batchWrite(items: readonly Record<string, unknown>[]): Promise<void> {
    // BatchWriteItem refuses a key twice in one call; the later record wins, as a second put would.
    const unique = [...new Map(items.map((i) => [`${String(i.pk)}\u0000${String(i.sk)}`, i])).values()];
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < unique.length; i += 25) batches.push(unique.slice(i, i + 25));
    // A few batches in flight: a chunk's records are one or two batches, a seed thousands.
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        await withUnprocessed(
          batches[next++]!.map((Item) => ({ PutRequest: { Item } })),
          async (batch) => {
            const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: batch } }));
            const left = out.UnprocessedItems?.[this.table];
            return left && left.length > 0 ? (left as typeof batch) : undefined;
          },
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, batches.length) }, worker));
  }

  put(records: readonly UsageRecord[]): Promise<void> {
    return this.batchWrite(records as unknown as Record<string, unknown>[]);
  }

  private async queryAll(pk: string, prefix?: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :p)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':p': prefix } : {}) },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async query(pk: string, prefix?: string): Promise<readonly (UsageRecord | ParticipantMonthRecord)[]> {
    return (await this.queryAll(pk, prefix)).filter((i) => i.kind === 'msg' || i.kind === 'infra' || i.kind === 'par') as unknown as (UsageRecord | ParticipantMonthRecord)[];
  }

  async participantStates(ids: readonly string[]): Promise<ReadonlyMap<string, { municipalityCode: string; state: string }>> {
    const found = new Map<string, { municipalityCode: string; state: string }>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      await withUnprocessed(
        unique.slice(i, i + 100).map((id) => ({ pk: statePk(id), sk: 'state' })),
        async (keys) => {
          const out = await this.db.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }));
          for (const item of out.Responses?.[this.table] ?? []) found.set((item.pk as string).slice('state#'.length), { municipalityCode: item.mun as string, state: item.s as string });
          const left = out.UnprocessedKeys?.[this.table]?.Keys;
          return left && left.length > 0 ? (left as typeof keys) : undefined;
        },
      );
    }
    return found;
  }

  setParticipantStates(states: readonly { id: string; municipalityCode: string; state: string }[]): Promise<void> {
    return this.batchWrite(states.map((s) => ({ pk: statePk(s.id), sk: 'state', kind: 'state', mun: s.municipalityCode, s: s.state })));
  }

  putParticipantMonths(records: readonly ParticipantMonthRecord[]): Promise<void> {
    return this.batchWrite(records as unknown as Record<string, unknown>[]);
  }

  async mergeParticipantMonth(pk: string, participantId: string, from: string, to: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk, sk: `par#${participantId}` },
        UpdateExpression: 'SET kind = :k, #to = :to, #from = if_not_exists(#from, :from)',
        ExpressionAttributeNames: { '#to': 'to', '#from': 'from' },
        ExpressionAttributeValues: { ':k': 'par', ':to': to, ':from': from },
      }),
    );
  }

  async markFirstMonth(municipalityCode: string, month: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: firstPk(municipalityCode), sk: 'participants' },
          UpdateExpression: 'SET #m = :m',
          ConditionExpression: 'attribute_not_exists(#m) OR #m > :m',
          ExpressionAttributeNames: { '#m': 'month' },
          ExpressionAttributeValues: { ':m': month },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async firstMonth(municipalityCode: string): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: firstPk(municipalityCode), sk: 'participants' } }));
    return out.Item?.month as string | undefined;
  }

  async summary(pk: string): Promise<ParticipantSummary | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk, sk: 'sum#participants' } }));
    return out.Item ? (out.Item.summary as ParticipantSummary) : undefined;
  }

  async putSummary(pk: string, summary: ParticipantSummary): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk, sk: 'sum#participants', kind: 'sum', summary } }));
  }

  async recordSignup(campaignId: string, s: Pick<SignupRecord, 'participantId' | 'municipalityCode' | 'signedUpAt'>): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: campaignPk(campaignId), sk: `p#${s.participantId}` },
        UpdateExpression: `SET kind = :k, signedUpAt = if_not_exists(signedUpAt, :at)${s.municipalityCode ? ', mun = :mun' : ''}`,
        ExpressionAttributeValues: { ':k': 'signup', ':at': s.signedUpAt, ...(s.municipalityCode ? { ':mun': s.municipalityCode } : {}) },
      }),
    );
  }

  async recordVerified(campaignId: string, participantId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: campaignPk(campaignId), sk: `p#${participantId}` },
        UpdateExpression: 'SET kind = :k, signedUpAt = if_not_exists(signedUpAt, :at), verifiedAt = if_not_exists(verifiedAt, :at)',
        ExpressionAttributeValues: { ':k': 'signup', ':at': at },
      }),
    );
  }

  async recordLeft(campaignId: string, participantId: string, at: string | undefined): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: campaignPk(campaignId), sk: `p#${participantId}` },
          // Leaving keeps the first date it happened; coming back clears it.
          UpdateExpression: at ? 'SET leftAt = if_not_exists(leftAt, :at)' : 'REMOVE leftAt',
          ConditionExpression: 'attribute_exists(sk)',
          ...(at ? { ExpressionAttributeValues: { ':at': at } } : {}),
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async signups(campaignId: string): Promise<readonly SignupRecord[]> {
    return (await this.queryAll(campaignPk(campaignId), 'p#')).map((i) => ({
      participantId: (i.sk as string).slice(2),
      ...(typeof i.mun === 'string' ? { municipalityCode: i.mun } : {}),
      signedUpAt: i.signedUpAt as string,
      ...(typeof i.verifiedAt === 'string' ? { verifiedAt: i.verifiedAt } : {}),
      ...(typeof i.leftAt === 'string' ? { leftAt: i.leftAt } : {}),
    }));
  }

  async addCampaignMember(municipalityCode: string, campaignId: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: membersPk(municipalityCode), sk: campaignId, kind: 'member' } }));
  }

  async campaignsOf(municipalityCode: string): Promise<readonly string[]> {
    return (await this.queryAll(membersPk(municipalityCode))).map((i) => i.sk as string);
  }
}
