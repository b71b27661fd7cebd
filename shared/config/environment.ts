// The one place product code reads the process environment. A deployed Lambda's whole
// configuration arrives as one JSON value (BURGERNET_CONFIG, written by the CDK stack from
// infra/function-config.ts); local tools read their few knobs here; Powertools' own variables are
// read here for the logger, metrics and tracer. Everything else receives typed values.
import { parseFunctionConfig, type FunctionConfig } from './function-config';

const env = process.env;

/** The environment variable that carries a deployed function's configuration. */
export const CONFIG_VARIABLE = 'BURGERNET_CONFIG';

/** A deployed function's configuration, validated once at cold start. */
export function lambdaConfig(): FunctionConfig {
  const raw = env[CONFIG_VARIABLE];
  if (!raw) throw new Error(`${CONFIG_VARIABLE} is not set: a deployed function gets its configuration from the stack`);
  return parseFunctionConfig(JSON.parse(raw));
}

/** What the logger, metrics and tracer are told by the platform (read when asked). */
export const platform = {
  /** Set by Lambda itself: we run deployed. */
  get inLambda(): boolean {
    return Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  },
  get serviceName(): string {
    return env.POWERTOOLS_SERVICE_NAME ?? 'burgernet';
  },
  get metricsNamespace(): string {
    return env.POWERTOOLS_METRICS_NAMESPACE ?? 'Burgernet';
  },
  /** `pretty` or `json`; unset: pretty on a terminal, JSON elsewhere. */
  get logFormat(): string | undefined {
    return env.BURGERNET_LOG_FORMAT;
  },
};

const number = (name: string): number | undefined => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, not "${raw}"`);
  return n;
};
const text = (name: string): string | undefined => env[name]?.trim() || undefined;

/** The knobs of `npm start`, the local tools and the local runtime (README "Run it locally"). */
export function localEnvironment() {
  return {
    port: number('PORT') ?? 3000,
    dataDir: text('BURGERNET_DATA') ?? '.data',
    demoParticipants: number('DEMO_PARTICIPANTS') ?? 20_000,
    /** Local provider pace per sender instance; 0 is unpaced. */
    sendRate: number('LOCAL_SEND_RATE') ?? 0,
    publicBaseUrl: text('PUBLIC_BASE_URL'),
    postcodeTable: text('POSTCODE_TABLE'),
    participantSecret: text('PARTICIPANT_SECRET'),
    webhookUrl: text('WEBHOOK_URL'),
    webhookSecret: text('WEBHOOK_SECRET'),
    claimTtlSeconds: number('CLAIM_TTL_SECONDS'),
    usdPerEur: number('USD_PER_EUR'),
    priceTable: { json: text('PRICE_TABLE_JSON'), file: text('PRICE_TABLE_FILE') },
    approval: { radiusKm: number('APPROVAL_RADIUS_KM'), polygonKm2: number('APPROVAL_POLYGON_KM2') },
  };
}
export type LocalEnvironment = ReturnType<typeof localEnvironment>;

/** The operator CLI's connection: API address and token (README "The CLI"). */
export const cliEnvironment = (): Readonly<Record<string, string | undefined>> => ({ ...env });

/**
 * Local processes talk to dynalite and run on Node 20 on purpose (see STACK.md): give the SDK a
 * region and keep its Node version notice quiet. Deployed Lambdas get both from the platform.
 */
export function quietLocalSdk(logLevel?: 'WARN' | 'ERROR'): void {
  env.AWS_REGION ??= 'eu-west-1';
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (logLevel) env.POWERTOOLS_LOG_LEVEL ??= logLevel;
}
