// A refusal for being over a rate limit answers 429 like the wrapper would, plus Retry-After: the
// window the limit counts in, so a client knows when to try again.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '#shared/domain/domain-error';
import { problemResponse } from './problem';
import { domainProblem } from './refusal-problem';

export async function retryAfterWhenLimited(windowSeconds: number, run: () => Promise<APIGatewayProxyStructuredResultV2>): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof DomainError) || err.kind !== 'limited') throw err;
    const res = problemResponse(domainProblem(err));
    return { ...res, headers: { ...res.headers, 'retry-after': String(windowSeconds) } };
  }
}
