// Where the CLI sends requests and with which token: BURGERNET_URL and BURGERNET_TOKEN. Locally
// the URL may come from the running `npm start` (its data folder's endpoint.json). Checked before
// any request, so a missing setting is said plainly instead of surfacing as a 401 or a refused
// connection.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, ENDPOINT_FILE } from '#shared/local/data-dir';
import { cliEnvironment } from '#shared/config/environment';

/** The variables the CLI reads (BURGERNET_URL, BURGERNET_TOKEN, BURGERNET_DATA). */
export type CliEnv = Readonly<Record<string, string | undefined>>;

export interface CliConfig {
  readonly url: string;
  readonly token: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const TOKEN_HINT = 'set BURGERNET_TOKEN to an operator token (locally: export BURGERNET_TOKEN=$(npm run -s token -- --role operator --sub $USER))';
const URL_HINT = 'set BURGERNET_URL to the API address (e.g. https://api.burgernet.example), or start the local runtime with npm start';

/** The local runtime's address, when one has written its endpoint file. */
function localUrl(env: CliEnv): string | undefined {
  const file = join(env.BURGERNET_DATA ?? dataDir(), ENDPOINT_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const { api } = JSON.parse(readFileSync(file, 'utf8')) as { api?: unknown };
    return typeof api === 'string' ? api : undefined;
  } catch {
    return undefined;
  }
}

export function resolveConfig(env: CliEnv = cliEnvironment()): CliConfig {
  const url = env.BURGERNET_URL?.trim() || localUrl(env);
  const token = env.BURGERNET_TOKEN?.trim();
  if (!url && !token) throw new ConfigError(`no API address and no token: ${URL_HINT}; and ${TOKEN_HINT}`);
  if (!url) throw new ConfigError(`no API address: ${URL_HINT}`);
  if (!token) throw new ConfigError(`no token: ${TOKEN_HINT}`);
  try {
    new URL(url);
  } catch {
    throw new ConfigError(`BURGERNET_URL is not a URL: ${url}`);
  }
  return { url: url.replace(/\/+$/, ''), token };
}
