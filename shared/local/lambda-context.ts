// A Lambda context for handlers run in-process, with the deadline and memory of the function's
// configuration, and the local way to invoke a function: its handler module bound to its world.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { functionDefaults, functions, type FunctionName } from '#infra/topology';
import type { WorldHandler } from '#shared/http/http-handler';
import type { World } from '#shared/runtime/world';

export function lambdaContext(functionName: string, timeoutSeconds: number, memoryMb: number = functionDefaults.memoryMb): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    // As deployed: metered Lambda time is priced by it.
    memoryLimitInMB: String(memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A function as the local runtime calls it: one event in, each call with a fresh context. */
export type LocalFunction<E, R> = (event: E) => Promise<R>;

/**
 * Loads a function's handler module (on first use, so `npm start` loads only what it runs) and
 * binds it to `world`, the function's own local world.
 */
export async function localFunction<E, R>(name: FunctionName, world: World): Promise<LocalFunction<E, R>> {
  const mod = (await import(new URL(`../../functions/${functions[name].entry}.ts`, import.meta.url).href)) as { handler: WorldHandler<E, R> };
  const handler = mod.handler.forWorld(world);
  const { timeoutSeconds, memoryMb } = world.config;
  return (event) => handler(event, lambdaContext(name, timeoutSeconds, memoryMb));
}
