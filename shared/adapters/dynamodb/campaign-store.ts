// CampaignStore on DynamoDB: the campaign item, and a `code#<CODE>` item that reserves the code
// (written first, conditionally, so two campaigns can never share one).
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Campaign, CampaignStore } from '#shared/ports/campaign-store';
import { isConditionFailure } from './client';

const codeKey = (code: string) => `code#${code.toUpperCase()}`;

export class DynamoCampaignStore implements CampaignStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(campaign: Campaign): Promise<boolean> {
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: { id: codeKey(campaign.code), campaignId: campaign.id }, ConditionExpression: 'attribute_not_exists(id)' }));
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: { ...campaign, kind: 'campaign' }, ConditionExpression: 'attribute_not_exists(id)' }));
      return true;
    } catch (err) {
      // Free the code again so it is not lost to a campaign that was never stored.
      await this.db.send(new DeleteCommand({ TableName: this.table, Key: { id: codeKey(campaign.code) } }));
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async get(id: string): Promise<Campaign | undefined> {
    if (id.startsWith('code#')) return undefined;
    const item = (await this.db.send(new GetCommand({ TableName: this.table, Key: { id } }))).Item;
    if (!item) return undefined;
    const { kind: _kind, ...campaign } = item;
    return campaign as Campaign;
  }

  async byCode(code: string): Promise<Campaign | undefined> {
    const ref = (await this.db.send(new GetCommand({ TableName: this.table, Key: { id: codeKey(code) } }))).Item;
    return typeof ref?.campaignId === 'string' ? this.get(ref.campaignId) : undefined;
  }
}
