// A deployed-shaped world for unit tests of the house wrappers: every table and queue named after
// itself, no call made until a port is used (and these tests use none that reach AWS).
import { tables, queues, type FunctionName } from '#infra/topology';
import { resolveFunctionConfig } from '#infra/function-config';
import { awsWorld } from '#shared/runtime/aws-world';
import type { World } from '#shared/runtime/world';

const byName = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, n]));

export const testWorld = (name: FunctionName): World =>
  awsWorld(resolveFunctionConfig(name, { world: 'aws', tables: byName(Object.keys(tables)), queues: byName(Object.keys(queues)) }));
