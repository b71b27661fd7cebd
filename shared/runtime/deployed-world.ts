// The world of a deployed Lambda: built once per cold start from the configuration the stack
// wrote into BURGERNET_CONFIG. Only the house wrappers call this, and only when no world was given.
import { lambdaConfig } from '#shared/config/environment';
import { awsWorld } from './aws-world';
import { lazy, type World } from './world';

export const deployedWorld: () => World = lazy(() => awsWorld(lambdaConfig()));
