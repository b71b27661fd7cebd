// Where the local world keeps its data: BURGERNET_DATA, or .data/ in the checkout.
import { resolve } from 'node:path';

export const dataDir = (): string => resolve(process.env.BURGERNET_DATA ?? '.data');
