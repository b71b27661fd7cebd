// Erasure races, through HTTP on the local runtime: a DELETE while writes with the same token are
// in flight. Whatever order they land in, an erased participant or device stays erased: no record,
// no address or position left in the participants table, and the token no longer works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { call } from '../support/http';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-erasure-races-'));
const ROUNDS = 4;
const WRITES = 6;
let rt: Runtime;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Writes 2 ms apart from before the DELETE until well after it answered: some land before it, some after. */
async function raceDelete(del: () => Promise<{ status: number }>, write: (i: number) => Promise<{ status: number }>) {
  const writes: Promise<{ status: number }>[] = [];
  const fire = async (n: number) => {
    for (let i = 0; i < n; i++) {
      writes.push(write(writes.length));
      await pause(2);
    }
  };
  await fire(WRITES);
  let answered = false;
  const erased = del().finally(() => (answered = true));
  // Bounded, so a slow DELETE on a busy machine does not turn into a flood.
  while (!answered && writes.length < 5 * WRITES) await fire(1);
  await fire(WRITES);
  return { erased: await erased, writes: (await Promise.all(writes)).map((r) => r.status) };
}

/** Every item of the participants table that is this owner's record or one of its locations. */
async function traces(owner: string) {
  const items = (await rt.db.send(new ScanCommand({ TableName: 'participants' }))).Items ?? [];
  return items.filter((i) => i.id === owner || i.own === owner || JSON.stringify(i).includes(owner));
}

let clients = 0;
const fromClient = () => ({ 'x-forwarded-for': `10.9.0.${++clients}` });

async function codeFor(participantId: string) {
  await rt.pollers.idle();
  const sent = (await call<{ participantId: string; text: string }[]>(rt.url, 'GET', '/_local/outbox?actionId=codes')).body.filter((e) => e.participantId === participantId);
  return /(\d{6})/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '';
}

/** An active participant and a manage token for it. */
async function participant(phone: string) {
  const signUp = await call<{ id: string }>(rt.url, 'POST', '/participants', { body: { phone, postcode: '3511 AA', houseNumber: 12, channels: ['sms'] }, headers: fromClient() });
  expect(signUp.status).toBe(201);
  const id = signUp.body.id;
  expect((await call(rt.url, 'POST', `/participants/${id}/verify`, { body: { code: await codeFor(id) } })).status).toBe(200);
  await call(rt.url, 'POST', '/participants/manage-code', { body: { phone }, headers: fromClient() });
  const token = await call<{ token: string }>(rt.url, 'POST', '/participants/manage-token', { body: { phone, code: await codeFor(id) } });
  expect(token.status).toBe(200);
  return { id, auth: { authorization: `Bearer ${token.body.token}` } };
}

let tokenSeq = 0;
async function device() {
  const pushToken = `${(++tokenSeq).toString(16).padStart(8, '0')}${'ace0'.repeat(14)}`;
  const res = await call<{ id: string; deviceToken: string }>(rt.url, 'POST', '/devices', { body: { platform: 'ios', pushToken }, headers: fromClient() });
  expect(res.status).toBe(201);
  return { id: res.body.id, auth: { authorization: `Bearer ${res.body.deviceToken}` } };
}

beforeAll(async () => {
  rt = await startRuntime({ keyDir: dir, seed: 0, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0, trustForwardedFor: true });
});

afterAll(async () => {
  await rt?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('erasure while writes are in flight', () => {
  it('DELETE /participants/{id} amid PATCHes: the registration stays erased and the token is dead', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const phone = `+316123400${10 + round}`;
      const p = await participant(phone);
      const { erased, writes } = await raceDelete(
        () => call(rt.url, 'DELETE', `/participants/${p.id}`, { headers: p.auth }),
        (i) => call(rt.url, 'PATCH', `/participants/${p.id}`, { headers: p.auth, body: { exerciseOptIn: i % 2 === 0, addresses: [{ postcode: '3511 AA', houseNumber: 12 }] } }),
      );
      expect(erased.status, `round ${round}`).toBe(204);
      // A refused write says the registration is gone; never a 500.
      for (const status of writes) expect([200, 404], `round ${round}`).toContain(status);
      const left = await traces(p.id);
      expect(left, `round ${round}: nothing of the participant remains`).toEqual([]);
      expect(JSON.stringify(left)).not.toContain(phone);
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const res = await call(rt.url, method, `/participants/${p.id}`, { headers: p.auth, ...(method === 'PATCH' ? { body: { language: 'en' } } : {}) });
        expect([401, 404], `${method} after erasure, round ${round}`).toContain(res.status);
      }
    }
  });

  it('DELETE /devices/{id} amid position and places updates: no position or place is left behind', async () => {
    for (let round = 0; round < 2 * ROUNDS; round++) {
      const d = await device();
      const { erased, writes } = await raceDelete(
        () => call(rt.url, 'DELETE', `/devices/${d.id}`, { headers: d.auth }),
        (i) =>
          i % 3 === 2
            ? call(rt.url, 'PUT', `/devices/${d.id}/places`, { headers: d.auth, body: { places: [{ name: 'thuis', lat: 52.09, lon: 5.12 }] } })
            : call(rt.url, 'PUT', `/devices/${d.id}/position`, { headers: d.auth, body: { lat: 52.09 + i / 1000, lon: 5.12 } }),
      );
      expect(erased.status, `round ${round}`).toBe(204);
      // Before the delete: 200; after it: the token finds no device (401) or the write found it gone (404).
      for (const status of writes) expect([200, 401, 404], `round ${round}`).toContain(status);
      expect(await traces(d.id), `round ${round}: nothing of the device remains`).toEqual([]);
      expect((await call(rt.url, 'PUT', `/devices/${d.id}/position`, { headers: d.auth, body: { lat: 52.09, lon: 5.12 } })).status).toBe(401);
    }
  });
});
