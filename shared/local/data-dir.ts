// Where the local world keeps its data: BURGERNET_DATA, or .data/ in the checkout.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { localEnvironment } from '#shared/config/environment';

export const dataDir = (): string => resolve(localEnvironment().dataDir);

/** Written into the data folder while a runtime holds it: where its store and API listen. */
export const ENDPOINT_FILE = 'endpoint.json';

export interface RunningRuntime {
  readonly api: string;
  readonly dynamodb: string;
}

/** The runtime holding `dir`, if one answers; a file left behind by a killed runtime does not count. */
export async function runningRuntime(dir: string): Promise<RunningRuntime | undefined> {
  const file = join(dir, ENDPOINT_FILE);
  if (!existsSync(file)) return undefined;
  const running = JSON.parse(readFileSync(file, 'utf8')) as RunningRuntime;
  const alive = await fetch(running.dynamodb, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  return alive ? running : undefined;
}
