// Where the local world keeps its data: BURGERNET_DATA, or .data/ in the checkout.
import { resolve } from 'node:path';

export const dataDir = (): string => resolve(process.env.BURGERNET_DATA ?? '.data');

/** Written into the data folder while a runtime holds it: where its store and API listen. */
export const ENDPOINT_FILE = 'endpoint.json';
