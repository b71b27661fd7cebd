// ActionStore on DynamoDB: one item per action, bulletins included (a few dozen at most). The `byCreated` index (constant partition `kind`) lists actions
// newest first; actions are few (hundreds a year), so one partition is plenty.
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ActionStore, Page } from '#shared/ports/action-store';
import type { Action } from '#shared/domain/action';
import { isConditionFailure } from './client';

const KIND = 'action';

export class DynamoActionStore implements ActionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(action: Action): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.table, Item: { ...action, kind: KIND }, ConditionExpression: 'attribute_not_exists(id)' }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async get(id: string): Promise<Action | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async replace(next: Action): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...next, kind: KIND },
          // Revision 0 is an action stored before revisions existed (see fromItem).
          ConditionExpression: next.rev === 1 ? 'attribute_exists(id) AND attribute_not_exists(rev)' : 'rev = :prev',
          ExpressionAttributeValues: next.rev === 1 ? undefined : { ':prev': next.rev - 1 },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async list(limit: number, cursor?: string): Promise<Page<Action>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byCreated',
        KeyConditionExpression: 'kind = :k',
        ExpressionAttributeValues: { ':k': KIND },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? decodeCursor(cursor) : undefined,
      }),
    );
    return {
      items: (out.Items ?? []).map(fromItem),
      next: out.LastEvaluatedKey ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url') : undefined,
    };
  }
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API handed out');
    this.name = 'InvalidCursorError';
  }
}

/** The attributes of a `byCreated` LastEvaluatedKey: the table key and the index key. */
const CURSOR_KEYS = ['createdAt', 'id', 'kind'];
/** DynamoDB rejects empty key values and sort keys over 1024 bytes with a ValidationException. */
const isKeyValue = (v: unknown) => typeof v === 'string' && v.length > 0 && Buffer.byteLength(v) <= 1024;

function decodeCursor(cursor: string): Record<string, string> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      key &&
      typeof key === 'object' &&
      !Array.isArray(key) &&
      Object.keys(key).sort().join() === CURSOR_KEYS.join() &&
      Object.values(key).every(isKeyValue) &&
      (key as Record<string, string>).kind === KIND
    ) {
      return key as Record<string, string>;
    }
  } catch {
    // fall through: any undecodable cursor is the caller's error
  }
  throw new InvalidCursorError();
}

function fromItem(item: Record<string, unknown>): Action {
  const { kind: _kind, ...stored } = item;
  const action = stored as unknown as Action & { dispatchedAt?: string };
  if (action.bulletins) return action;
  // Stored before bulletins and revisions (a local data folder from an earlier version): the
  // action was its alert, and it read as revision 0.
  const { dispatchedAt, ...rest } = action;
  const alert = { seq: 0, kind: 'alert' as const, at: rest.createdAt, by: rest.createdBy, channels: rest.channels, messages: rest.messages, text: rest.description.text, area: rest.area };
  return { ...rest, bulletins: [{ ...alert, ...(dispatchedAt ? { dispatchedAt } : {}) }], rev: 0 };
}
