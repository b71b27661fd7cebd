// MunicipalityStore on DynamoDB: one item per municipality, the boundary as a JSON string
// (simplified to fit an item), and the sparse `directory` index for listing without boundaries.
import { BatchWriteCommand, GetCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BoundaryGeometry, Municipality, MunicipalityBoundary, MunicipalityStore } from '#shared/ports/municipality-store';
import { withUnprocessed } from './client';

interface Item {
  code: string;
  kind: 'municipality';
  name: string;
  unit: string;
  inh: Record<string, number>;
  geo?: string;
}

const fromItem = (i: Item): Municipality => ({ code: i.code, name: i.name, unit: i.unit, inhabitants: i.inh });

export class DynamoMunicipalityStore implements MunicipalityStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putMany(municipalities: readonly (Municipality & { readonly boundary: BoundaryGeometry })[]): Promise<void> {
    const items: Item[] = municipalities.map((m) => ({ code: m.code, kind: 'municipality', name: m.name, unit: m.unit, inh: { ...m.inhabitants }, geo: JSON.stringify(m.boundary) }));
    // Boundaries make items large; small batches stay under BatchWriteItem's 16 MB.
    for (let i = 0; i < items.length; i += 10) {
      await withUnprocessed(
        items.slice(i, i + 10).map((Item) => ({ PutRequest: { Item } })),
        async (batch) => {
          const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: batch } }));
          const left = out.UnprocessedItems?.[this.table];
          return left && left.length > 0 ? (left as typeof batch) : undefined;
        },
      );
    }
  }

  async get(code: string): Promise<Municipality | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { code }, ProjectionExpression: 'code, #n, #u, inh', ExpressionAttributeNames: { '#n': 'name', '#u': 'unit' } }));
    return out.Item ? fromItem(out.Item as Item) : undefined;
  }

  async list(): Promise<readonly Municipality[]> {
    const out: Municipality[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ TableName: this.table, IndexName: 'directory', KeyConditionExpression: 'kind = :k', ExpressionAttributeValues: { ':k': 'municipality' }, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) out.push(fromItem(item as Item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async boundaries(): Promise<readonly MunicipalityBoundary[]> {
    const out: MunicipalityBoundary[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new ScanCommand({ TableName: this.table, ProjectionExpression: 'code, geo', ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) if (typeof item.geo === 'string') out.push({ code: item.code as string, geometry: JSON.parse(item.geo) as BoundaryGeometry });
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
