// The local world's photo storage, in the shape of S3 presigned URLs: files under a folder of the
// data directory, reached through `/_local/uploads/{key}` with an expiry and an HMAC signature
// (over method, key, expiry and, for uploads, the announced type and length).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PhotoStore, PresignedUpload } from '#shared/ports/photo-store';

const KEY = /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9_./-]{0,300}$/;
const TYPE_BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', heic: 'image/heic', webp: 'image/webp' };

export type UploadCheck = { readonly ok: true } | { readonly ok: false; readonly status: 400 | 403 | 404 | 413; readonly message: string };

export class LocalPhotoStore implements PhotoStore {
  constructor(
    private readonly dir: string,
    private readonly baseUrl: () => string,
    private readonly secret: Buffer = randomBytes(32),
    private readonly now: () => Date = () => new Date(),
  ) {}

  private sign(parts: readonly (string | number)[]): string {
    return createHmac('sha256', this.secret).update(parts.join('\n')).digest('base64url');
  }

  private url(key: string, params: Record<string, string>): string {
    return `${this.baseUrl()}/_local/uploads/${key}?${new URLSearchParams(params).toString()}`;
  }

  async uploadUrl(key: string, contentType: string, bytes: number, expiresInSeconds: number): Promise<PresignedUpload> {
    const expires = Math.floor(this.now().getTime() / 1000) + expiresInSeconds;
    const signature = this.sign(['PUT', key, expires, contentType, bytes]);
    return {
      url: this.url(key, { expires: String(expires), signature }),
      method: 'PUT',
      headers: { 'content-type': contentType, 'content-length': String(bytes) },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  async downloadUrl(key: string, expiresInSeconds: number): Promise<string> {
    const expires = Math.floor(this.now().getTime() / 1000) + expiresInSeconds;
    return this.url(key, { expires: String(expires), signature: this.sign(['GET', key, expires]) });
  }

  private check(method: 'PUT' | 'GET', key: string, extra: readonly (string | number)[], query: URLSearchParams): UploadCheck {
    if (!KEY.test(key)) return { ok: false, status: 400, message: 'key: not a storage key' };
    const expires = Number(query.get('expires'));
    if (!Number.isInteger(expires) || expires * 1000 < this.now().getTime()) return { ok: false, status: 403, message: 'expires: the link has expired' };
    const given = Buffer.from(query.get('signature') ?? '');
    const wanted = Buffer.from(this.sign([method, key, expires, ...extra]));
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { ok: false, status: 403, message: 'signature: does not match' };
    return { ok: true };
  }

  /** Stores an upload made with a URL from `uploadUrl`, if type and length are the signed ones. */
  async receive(key: string, query: URLSearchParams, contentType: string, body: Buffer): Promise<UploadCheck> {
    const checked = this.check('PUT', key, [contentType, body.length], query);
    if (!checked.ok) return checked;
    const path = join(this.dir, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body, { mode: 0o600 });
    return checked;
  }

  /** Reads a photo with a URL from `downloadUrl`. */
  async read(key: string, query: URLSearchParams): Promise<{ body: Buffer; contentType: string } | Extract<UploadCheck, { ok: false }>> {
    const checked = this.check('GET', key, [], query);
    if (!checked.ok) return checked;
    try {
      const body = await readFile(join(this.dir, key));
      return { body, contentType: TYPE_BY_EXTENSION[key.split('.').pop() ?? ''] ?? 'application/octet-stream' };
    } catch {
      return { ok: false, status: 404, message: 'key: nothing uploaded here' };
    }
  }
}
