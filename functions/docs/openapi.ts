// GET /openapi.json — this API as OpenAPI 3.1, generated once per instance from the contracts.
import { httpHandler, json } from '#shared/http/http-handler';
import { buildOpenApi, type JsonObject } from '#shared/api/openapi';

let document: JsonObject | undefined;

export const handler = httpHandler('openApi', () => undefined, async () => json(200, (document ??= buildOpenApi().document), { 'cache-control': 'public, max-age=300' }));
