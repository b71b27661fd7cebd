// S3PhotoStore: presigned URLs made offline with fixed credentials. The upload URL signs the
// content type and the exact length, so S3 refuses any other upload with it.
import { describe, expect, it } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import { S3PhotoStore, photoS3Client } from '#shared/adapters/aws/s3-photo-store';

const offline = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };
const photos = new S3PhotoStore(photoS3Client(offline), 'burgernet-tip-photos', () => new Date('2026-03-02T08:00:00.000Z'));
const KEY = 'tips/act_00000000-0000-4000-8000-000000000001/tip_00000000-0000-4000-8000-000000000009.jpg';

describe('S3PhotoStore', () => {
  it('presigns a PUT of this key that signs content-type and content-length, for 5 minutes', async () => {
    const upload = await photos.uploadUrl(KEY, 'image/jpeg', 123_456, 300);
    const url = new URL(upload.url);
    expect(url.hostname).toBe('burgernet-tip-photos.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe(`/${KEY}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/jpeg', 'content-length': '123456' }, expiresAt: '2026-03-02T08:05:00.000Z' });
  });

  // A checksum in the URL is the CRC32 of an empty body (nothing is known when presigning), so S3
  // would refuse every real photo uploaded with it.
  it('presigns a PUT that carries no precomputed checksum, as the SDK default would', async () => {
    const checksummed = (url: string) => [...new URL(url).searchParams.keys()].filter((k) => /^x-amz-(checksum-|sdk-checksum-algorithm)/i.test(k));
    expect(checksummed((await photos.uploadUrl(KEY, 'image/jpeg', 123_456, 300)).url)).toEqual([]);
    // The SDK's default client does add one: the reason photoS3Client exists.
    const defaults = new S3PhotoStore(new S3Client(offline), 'burgernet-tip-photos');
    expect(checksummed((await defaults.uploadUrl(KEY, 'image/jpeg', 123_456, 300)).url)).not.toEqual([]);
  });

  it('presigns a GET of this key', async () => {
    const url = new URL(await photos.downloadUrl(KEY, 300));
    expect(url.pathname).toBe(`/${KEY}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
  });
});
