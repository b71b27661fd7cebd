// A Lambda context for handlers run in-process, with the deadline their topology entry sets.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { functions } from '#infra/topology';

export function lambdaContext(functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    // As deployed (the construct's default is 512 MB): metered Lambda time is priced by it.
    memoryLimitInMB: String((functions as Record<string, { memoryMb?: number }>)[functionName]?.memoryMb ?? 512),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Handler modules are loaded on first use, after the runtime has set the environment. */
export async function loadHandler<T>(entry: string): Promise<T> {
  const mod = (await import(new URL(`../../functions/${entry}.ts`, import.meta.url).href)) as { handler: T };
  return mod.handler;
}
