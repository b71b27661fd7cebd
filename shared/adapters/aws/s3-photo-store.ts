// PhotoStore on S3 with presigned URLs: the upload URL signs the content type and the exact
// length the app announced, so it cannot be used for anything larger or of another type.
import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PhotoStore, PresignedUpload } from '#shared/ports/photo-store';

/**
 * The S3 client for photo URLs. Since SDK 3.729 a client adds a CRC32 of the (empty) body to a
 * presigned PUT by default, and S3 then refuses the real photo: checksums only when S3 requires one.
 */
export function photoS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED' });
}

export class S3PhotoStore implements PhotoStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async uploadUrl(key: string, contentType: string, bytes: number, expiresInSeconds: number): Promise<PresignedUpload> {
    const url = await getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: bytes }), {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': contentType, 'content-length': String(bytes) },
      expiresAt: new Date(this.now().getTime() + expiresInSeconds * 1000).toISOString(),
    };
  }

  async downloadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }
}
