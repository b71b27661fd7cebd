// GET /docs — a readable reference of the API: Swagger UI with its script and styles inlined, so
// the page loads nothing from elsewhere (works offline and behind a strict proxy).
import { httpHandler } from '#shared/http/http-handler';
import { swaggerUiAssets } from './swagger-ui-assets';

let page: string | undefined;

const escapeForStyle = (css: string) => css.replace(/<\/style/gi, '<\\/style');
const escapeForScript = (js: string) => js.replace(/<\/script/gi, '<\\/script');

async function render(): Promise<string> {
  const { script, styles } = await swaggerUiAssets();
  // The spec URL is relative: the page works under any host and stage.
  const boot = `window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#ui', deepLinking: true, validatorUrl: null, defaultModelsExpandDepth: 0, tryItOutEnabled: false });`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Burgernet API</title>
<style>${escapeForStyle(styles)}</style>
<style>body { margin: 0; } .swagger-ui .topbar { display: none; }</style>
</head>
<body>
<div id="ui"></div>
<script>${escapeForScript(script)}</script>
<script>${boot}</script>
</body>
</html>
`;
}

export const handler = httpHandler('apiDocs', () => undefined, async () => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'public, max-age=300',
    // Everything is inline; nothing may be fetched but the document from this origin.
    'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:",
  },
  body: (page ??= await render()),
}));
