// Contracts of the API's own description: the OpenAPI document and the reference page.
import { z } from 'zod';
import { contracts } from './contract';

export const docsContracts = contracts({
  openApi: {
    summary: 'The OpenAPI document',
    description: 'This API as OpenAPI 3.1, generated from the zod schemas that validate each request.',
    tags: ['reference'],
    responses: {
      200: { description: 'OpenAPI 3.1 document', schema: z.looseObject({ openapi: z.string().startsWith('3.1'), info: z.looseObject({ title: z.string() }), paths: z.record(z.string(), z.unknown()) }) },
    },
    examples: [{ name: 'document', summary: 'The whole document', status: 200 }],
  },
  apiDocs: {
    summary: 'The API reference page',
    description: 'A readable reference of this API (Swagger UI), served whole from this deployment: it loads nothing from elsewhere.',
    tags: ['reference'],
    responses: { 200: { description: 'An HTML page', contentType: 'text/html', schema: z.string() } },
    examples: [{ name: 'page', summary: 'The page', status: 200 }],
  },
});
