// X-Ray tracing (Powertools): a segment per invocation with the action id as annotation, and a
// subsegment per AWS SDK call. Off outside Lambda (the Tracer checks the execution environment),
// so the local runtime and the tests trace nothing. Handler responses are not recorded: they may
// name the area of an incident, and traces are not the place for it.
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { platform } from '#shared/config/environment';

export const tracer = new Tracer({ serviceName: platform.serviceName, captureHTTPsRequests: false });

/** The middy middleware the house handlers use. */
export const tracing = () => captureLambdaHandler(tracer, { captureResponse: false });

/** Traces an AWS SDK v3 client's calls. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);

/** Searchable in X-Ray: which action a trace worked for. */
export function annotateAction(actionId: string): void {
  tracer.putAnnotation('actionId', actionId);
}
