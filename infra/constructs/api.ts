// The HTTP API: one route per http function of the topology, Cognito JWTs on all but public routes.
import { CfnParameter, Fn, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type FunctionName, httpRoutes, queueConsumers } from '#infra/topology';
import type { BurgernetFunction } from './function';
import { pascal } from './names';
import { given, parameter, PLAIN } from './parameters';
import { WEBHOOK_QUEUE } from './webhook';

/** Stage-wide limits: an operator console and app traffic fit easily; a flood costs little. */
export const THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

// Who did what and how it went; no source IP or user agent, which could identify a participant.
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTimeEpoch',
    routeKey: '$context.routeKey',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    responseLength: '$context.responseLength',
    sub: '$context.authorizer.claims.sub',
    authorizerError: '$context.authorizer.error',
    integrationError: '$context.integrationErrorMessage',
  }),
);

export interface ApiProps {
  readonly functions: Readonly<Record<FunctionName, BurgernetFunction>>;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // On the stack, so operators pass them by these exact names.
    const userPoolId = new CfnParameter(stack, 'CognitoUserPoolId', {
      type: 'String',
      description: 'Cognito user pool whose tokens the API accepts (groups: operator, municipality, unit, board)',
      allowedPattern: '^[\\w-]+_[0-9a-zA-Z]+$',
    });
    const appClientId = new CfnParameter(stack, 'CognitoAppClientId', {
      type: 'String',
      description: 'Cognito app client id the tokens must be issued to',
      allowedPattern: '^[\\w+]+$',
    });
    const authorizer = new HttpJwtAuthorizer('Cognito', `https://cognito-idp.${stack.region}.amazonaws.com/${userPoolId.valueAsString}`, {
      jwtAudience: [appClientId.valueAsString],
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: 'burgernet',
      description: 'Burgernet: actions, participants, reports',
      // Own stage below: the default one cannot take access logging.
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: ACCESS_LOG_FORMAT },
    });

    const linked = new Set<FunctionName>(queueConsumers().filter((c) => c.spec.trigger.queue === WEBHOOK_QUEUE).map((c) => c.name));
    for (const { name, spec } of httpRoutes()) {
      const { method, path, roles } = spec.trigger;
      const isPublic = roles === 'public';
      const routes = this.httpApi.addRoutes({
        path,
        methods: [HttpMethod[method]],
        integration: new HttpLambdaIntegration(`${pascal(name)}Integration`, props.functions[name].fn),
        // Roles are checked in the handler from cognito:groups; the authorizer proves the token.
        authorizer: isPublic ? new HttpNoneAuthorizer() : authorizer,
      });
      if (isPublic) {
        linked.add(name);
        for (const route of routes) {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${method} ${path} is public by design in the topology (roles: 'public'): it serves no personal data.`,
          });
        }
      }
    }
    this.linkPublicUrl(linked, props.functions);
  }

  /**
   * What the public feed and the webhook link to: the operator's public address for the API (a
   * custom domain, a CDN) or, when none is given, the API's own URL.
   */
  private linkPublicUrl(names: ReadonlySet<FunctionName>, functions: ApiProps['functions']): void {
    const base = parameter(this, 'PublicBaseUrl', {
      description: 'Public https:// base URL of the API for links in the public feed and webhook (e.g. a custom domain); empty uses the API URL',
      pattern: `https://${PLAIN}`,
      what: 'an https:// URL',
      optional: true,
    });
    const value = Fn.conditionIf(given(base, 'HasPublicBaseUrl').logicalId, base.valueAsString, this.url).toString();
    for (const name of names) functions[name].usePublicBaseUrl(value);
  }

  get url(): string {
    return this.stage.url;
  }
}
