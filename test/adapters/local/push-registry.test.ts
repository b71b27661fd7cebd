// The local push registry against dynalite: one endpoint per platform and token, named by a hash
// (the token is stored nowhere), taken over by a reinstall, deleted only by its holder.
import { describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LocalPushRegistry, localEndpoint } from '#shared/adapters/local/push-registry';
import { LOCAL_PUSH_ENDPOINTS_TABLE } from '#shared/adapters/local/tables';
import { useLocalStore } from '../../support/local-store';

const TOKEN = 'c0ffee'.repeat(11);
const OLD = 'dev_00000000000000000000000000000001';
const NEW = 'dev_00000000000000000000000000000002';

describe('LocalPushRegistry', () => {
  const store = useLocalStore();
  const registry = () => new LocalPushRegistry(store.db);
  const rows = async () => (await store.db.send(new ScanCommand({ TableName: LOCAL_PUSH_ENDPOINTS_TABLE }))).Items ?? [];

  it('registers under a hashed endpoint and keeps no token', async () => {
    expect(await registry().register('ios', TOKEN, OLD)).toEqual({ endpoint: localEndpoint('ios', TOKEN) });
    expect(localEndpoint('ios', TOKEN)).toMatch(/^local-device-[0-9a-f]{24}$/);
    expect(localEndpoint('android', TOKEN)).not.toBe(localEndpoint('ios', TOKEN));
    expect(JSON.stringify(await rows())).not.toContain(TOKEN);
  });

  it('hands the endpoint to a reinstall and names the device it replaces', async () => {
    expect(await registry().register('ios', TOKEN, NEW)).toEqual({ endpoint: localEndpoint('ios', TOKEN), previousDevice: OLD });
    await registry().unregister(localEndpoint('ios', TOKEN), OLD);
    expect(await rows()).toHaveLength(1);
    await registry().unregister(localEndpoint('ios', TOKEN), NEW);
    expect(await rows()).toHaveLength(0);
    await registry().unregister(localEndpoint('ios', TOKEN), NEW);
  });
});
