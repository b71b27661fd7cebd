// DeviceStore on the participants table: a device is a record there like a participant, so the
// senders reach it through ParticipantStore.contacts (which reads `push`, `ch`, `lang`, `st`).
// It carries no geo keys: its position and places are location items (ParticipantStore.setLocations),
// and ParticipantStore.erase removes record and locations together.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './client';
import type { Device, DeviceStore, SavedPlace } from '#shared/ports/device-store';
import type { Language, Platform } from '#shared/ports/participant-store';

/** Marks device records apart from participants and location items in the same table. */
const KIND = 'device';

interface DeviceItem {
  id: string;
  kind: typeof KIND;
  push: { platform: Platform; endpoint: string };
  ch: ['push'];
  lang: Language;
  st: 'active';
  ex: boolean;
  tok: string;
  places: SavedPlace[];
  created: string;
  upd: string;
}

const toItem = (d: Device): DeviceItem => ({
  id: d.id,
  kind: KIND,
  push: { platform: d.platform, endpoint: d.endpoint },
  ch: ['push'],
  lang: d.language,
  st: 'active',
  ex: d.exerciseOptIn,
  tok: d.tokenHash,
  places: [...d.places],
  created: d.createdAt,
  upd: d.updatedAt,
});

export class DynamoDeviceStore implements DeviceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(d: Device): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: toItem(d) }));
  }

  async update(d: Device): Promise<boolean> {
    // Only over a device that is still there: a change in flight must not bring back a deleted one.
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: toItem(d), ConditionExpression: 'attribute_exists(id) AND kind = :device', ExpressionAttributeValues: { ':device': KIND } }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async get(id: string): Promise<Device | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }));
    const item = out.Item as Partial<DeviceItem> | undefined;
    if (!item || item.kind !== KIND || !item.push || typeof item.tok !== 'string') return undefined;
    return {
      id: item.id!,
      platform: item.push.platform,
      endpoint: item.push.endpoint,
      tokenHash: item.tok,
      language: item.lang ?? 'nl',
      exerciseOptIn: item.ex === true,
      places: item.places ?? [],
      createdAt: item.created ?? '',
      updatedAt: item.upd ?? '',
    };
  }
}
