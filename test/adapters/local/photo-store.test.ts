// The local photo store: links signed over method, key, expiry (and for uploads type and length);
// a changed link, another length or type, an expired link or a path outside the folder is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalPhotoStore } from '#shared/adapters/local/photo-store';

const dir = mkdtempSync(join(tmpdir(), 'burgernet-photos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let now = new Date('2026-03-02T08:00:00.000Z');
const store = new LocalPhotoStore(dir, () => 'http://127.0.0.1:3000', Buffer.alloc(32, 7), () => now);
const KEY = 'tips/act_00000000-0000-4000-8000-000000000001/tip_1.jpg';
const query = (url: string) => new URL(url).searchParams;

describe('LocalPhotoStore', () => {
  it('takes an upload made with its link and hands it back with a download link', async () => {
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const upload = await store.uploadUrl(KEY, 'image/jpeg', photo.length, 300);
    expect(upload.url.startsWith(`http://127.0.0.1:3000/_local/uploads/${KEY}?`)).toBe(true);
    expect(await store.receive(KEY, query(upload.url), 'image/jpeg', photo)).toEqual({ ok: true });
    expect(await store.read(KEY, query(await store.downloadUrl(KEY, 300)))).toEqual({ body: photo, contentType: 'image/jpeg' });
  });

  it('refuses another length or type, another key, a changed signature and an expired link', async () => {
    const upload = await store.uploadUrl(KEY, 'image/jpeg', 3, 300);
    expect(await store.receive(KEY, query(upload.url), 'image/jpeg', Buffer.alloc(4))).toMatchObject({ ok: false, status: 403 });
    expect(await store.receive(KEY, query(upload.url), 'image/png', Buffer.alloc(3))).toMatchObject({ ok: false, status: 403 });
    expect(await store.receive(`${KEY}.x`, query(upload.url), 'image/jpeg', Buffer.alloc(3))).toMatchObject({ ok: false, status: 403 });
    const tampered = query(upload.url);
    tampered.set('signature', 'x'.repeat(43));
    expect(await store.receive(KEY, tampered, 'image/jpeg', Buffer.alloc(3))).toMatchObject({ ok: false, status: 403 });
    expect(await store.read(KEY, query(upload.url))).toMatchObject({ ok: false, status: 403 });
    now = new Date('2026-03-02T08:06:00.000Z');
    expect(await store.receive(KEY, query(upload.url), 'image/jpeg', Buffer.alloc(3))).toMatchObject({ ok: false, status: 403, message: 'expires: the link has expired' });
  });

  it('refuses a key that climbs out of its folder', async () => {
    const bad = '../../etc/passwd';
    const upload = await store.uploadUrl(bad, 'image/jpeg', 3, 300);
    expect(await store.receive(bad, query(upload.url), 'image/jpeg', Buffer.alloc(3))).toMatchObject({ ok: false, status: 400 });
  });
});
