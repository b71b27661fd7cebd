// Swagger UI's script and styles, from the swagger-ui-dist package. Locally (tsx, node_modules
// present) they are read from the package; in the Lambda bundle esbuild has inlined them as
// text through the import attributes below, since the bundle ships no node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface SwaggerUiAssets {
  readonly script: string;
  readonly styles: string;
}

function fromPackage(): SwaggerUiAssets | undefined {
  try {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFileSync(require.resolve(`swagger-ui-dist/${file}`), 'utf8');
    return { script: read('swagger-ui-bundle.js'), styles: read('swagger-ui.css') };
  } catch {
    return undefined;
  }
}

export async function swaggerUiAssets(): Promise<SwaggerUiAssets> {
  const local = fromPackage();
  if (local) return local;
  const [script, styles] = await Promise.all([
    import('swagger-ui-dist/swagger-ui-bundle.js', { with: { type: 'text' } }),
    import('swagger-ui-dist/swagger-ui.css', { with: { type: 'text' } }),
  ]);
  return { script: script.default, styles: styles.default };
}
