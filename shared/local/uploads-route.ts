// `PUT|GET /_local/uploads/{key}`: the local stand-in for S3 presigned URLs (tip photos). The
// signature in the query decides; the body is read raw, up to the largest photo a tip may have.
import { problemResponse, HttpProblem } from '#shared/http/problem';
import type { LocalPhotoStore } from '#shared/adapters/local/photo-store';
import { MAX_PHOTO_BYTES } from '#shared/domain/tips';
import { readRaw, type LocalRoute } from './http-server';

const PREFIX = '/_local/uploads/';

const refused = (status: number, message: string) => {
  const [field = 'request', ...rest] = message.split(': ');
  return problemResponse(new HttpProblem(status, status === 404 ? 'Not found' : status === 413 ? 'Body too large' : status === 403 ? 'Forbidden' : 'Invalid request', message, [{ field, message: rest.join(': ') || message }]));
};

/** The key as sent, or undefined when its percent-encoding is broken ("%zz", a lone surrogate). */
function decodedKey(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function uploadsRoute(store: () => LocalPhotoStore): LocalRoute {
  return async (method, url, _body, req) => {
    if (!url.pathname.startsWith(PREFIX)) return undefined;
    const key = decodedKey(url.pathname.slice(PREFIX.length));
    if (key === undefined) return refused(400, 'path: not a valid percent-encoded upload key');
    if (method === 'PUT') {
      const body = await readRaw(req, MAX_PHOTO_BYTES);
      if (body === 'too-large') return refused(413, `body: over ${MAX_PHOTO_BYTES} bytes`);
      const checked = await store().receive(key, url.searchParams, String(req.headers['content-type'] ?? ''), body);
      return checked.ok ? { statusCode: 200, body: '' } : refused(checked.status, checked.message);
    }
    if (method === 'GET') {
      const got = await store().read(key, url.searchParams);
      if ('ok' in got) return refused(got.status, got.message);
      return { statusCode: 200, headers: { 'content-type': got.contentType, 'cache-control': 'private, no-store' }, body: got.body.toString('base64'), isBase64Encoded: true };
    }
    return problemResponse(new HttpProblem(405, 'Method not allowed', `no route ${method} ${url.pathname}`));
  };
}
