// Port: tip photos. The app uploads straight to storage with a short-lived URL (an S3 presigned
// PUT in AWS), so photos never pass through a Lambda; operators read them the same way.
export interface PresignedUpload {
  readonly url: string;
  readonly method: 'PUT';
  /** Headers the upload must carry exactly (they are part of the signature). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface PhotoStore {
  uploadUrl(key: string, contentType: string, bytes: number, expiresInSeconds: number): Promise<PresignedUpload>;
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
}
