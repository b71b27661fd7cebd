// Every route's contract, keyed by its topology function name. A route in infra/topology.ts
// without an entry here fails test/api/coverage.test.ts: add its contract to the module for its
// handler's folder (functions/actions/* → shared/api/actions.ts) and spread that module in here.
import type { Contracts } from './contract';
import { actionContracts } from './actions';
import { docsContracts } from './docs';
import { publicContracts } from './public';
import { participantContracts } from './participants';
import { deviceContracts } from './devices';
import { tipContracts } from './tips';
import { reportContracts } from './reports';

export const routeContracts: Contracts = { ...actionContracts, ...docsContracts, ...publicContracts, ...participantContracts, ...deviceContracts, ...tipContracts, ...reportContracts };
