// One Lambda function of the topology, with the house defaults every handler shares. Its whole
// configuration goes in as one value, BURGERNET_CONFIG: resolveFunctionConfig() over the
// resources the constructs record into it (tables, queues, buckets, secrets, messaging, location,
// webhook, public URL), serialised when the template is written, so bindings made after
// construction are in it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnCondition, Duration, Fn, Lazy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnTable, ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { longest } from './intrinsics';
import { type Access, type FunctionName, type FunctionSpec, type QueueName, type SecretName, type TableName, type TableSpec, tables } from '#infra/topology';
import { resolveFunctionConfig, type Resources } from '#infra/function-config';
import { CONFIG_VARIABLE } from '#shared/config/environment';
import type { FunctionConfig, Settings } from '#shared/config/function-config';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * nodejs24.x: cdk-nag's LambdaLatestVersion (L1) only accepts the newest Node runtime CDK knows.
 * The bundle targets node22, so stepping back to nodejs22.x needs no other change.
 */
export const RUNTIME = Runtime.NODEJS_24_X;

/** Lambda's limit on a function's environment: every key and value together. */
export const ENVIRONMENT_LIMIT_BYTES = 4 * 1024;

/** What a physical name, URL or ARN the template leaves to the deployment may take at most, for the size check. */
export const DEPLOYED_NAME_BYTES = 100;

/** Injected at the top of every ESM bundle: some bundled CommonJS dependencies call require(). */
const REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface BurgernetFunctionProps {
  readonly name: FunctionName;
  readonly spec: FunctionSpec;
  /** The deployment's settings (the topology's defaults under the CDK context's overrides). */
  readonly settings: Settings;
}

/** What the constructs record by field: physical names by topology name, or a resource's details. */
type Recorded = 'tables' | 'queues' | 'buckets' | 'messaging' | 'location' | 'webhook';
type Where = { -readonly [K in Recorded]: FunctionConfig[K] };

/** A secret the function is configured with only when its condition holds at deploy (an optional parameter). */
interface OptionalSecret {
  readonly name: SecretName;
  readonly given: CfnCondition;
}

export class BurgernetFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly name: FunctionName;
  readonly spec: FunctionSpec;
  private settings: Settings;
  private readonly where: Where = { tables: {}, queues: {}, buckets: {}, messaging: {}, location: {}, webhook: {} };
  private readonly secrets: Record<string, { arn: string }> = {};
  private readonly optionalSecrets: OptionalSecret[] = [];

  constructor(scope: Construct, id: string, { name, spec, settings }: BurgernetFunctionProps) {
    super(scope, id);
    this.name = name;
    this.spec = spec;
    this.settings = settings;
    const { memoryMb, timeoutSeconds } = this.config();

    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write only to its own log group.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `Burgernet ${name}` });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(repoRoot, 'functions', `${spec.entry}.ts`),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      description: spec.description,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: memoryMb,
      timeout: Duration.seconds(timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      // The configuration, and only what the platform itself reads.
      environment: {
        [CONFIG_VARIABLE]: Lazy.string({ produce: () => this.serialised(this.config(), this.optionalSecrets) }),
        POWERTOOLS_SERVICE_NAME: 'burgernet',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        externalModules: ['@aws-sdk/*'],
        banner: REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
      },
    });

    this.node.addValidation({ validate: () => this.environmentTooLarge() });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions; test/infra/nag.test.ts checks no other statement uses "*".',
    });
  }

  /** The function's configuration from the topology and what has been recorded so far (tokens for names). */
  config(): FunctionConfig {
    const resources: Resources = { world: 'aws', ...this.where, secrets: { ...this.secrets } };
    return resolveFunctionConfig(this.name, resources, this.settings);
  }

  /** Records where a resource is, for the configuration: a name by topology name, or a detail by field. */
  use<K extends Recorded>(kind: K, entries: Where[K]): void {
    Object.assign(this.where[kind], entries);
  }

  /** Records a secret's ARN; with `given`, only while that condition holds (an optional parameter left empty is no secret). */
  useSecret(name: SecretName, arn: string, given?: CfnCondition): void {
    this.secrets[name] = { arn };
    if (given) this.optionalSecrets.push({ name, given });
  }

  /** Where links in what the function writes start (the public feed, webhooks). */
  usePublicBaseUrl(url: string): void {
    this.settings = { ...this.settings, publicBaseUrl: url };
  }

  /** The most bytes the environment can take deployed, each name the template leaves open at DEPLOYED_NAME_BYTES. */
  environmentBytes(): number {
    const stack = Stack.of(this);
    const rendered = stack.resolve((this.fn.node.defaultChild as CfnFunction).environment) as { variables?: Record<string, unknown> } | undefined;
    return Object.entries(rendered?.variables ?? {}).reduce((n, [key, value]) => n + Buffer.byteLength(key) + longest(value, DEPLOYED_NAME_BYTES), 0);
  }

  /** Fails the synth (not the deploy, nor the cold start) when the configuration may not fit. */
  private environmentTooLarge(): string[] {
    const bytes = this.environmentBytes();
    return bytes > ENVIRONMENT_LIMIT_BYTES
      ? [`${this.name}: its environment may reach ${bytes} bytes deployed (names at ${DEPLOYED_NAME_BYTES} characters), over Lambda's ${ENVIRONMENT_LIMIT_BYTES}`]
      : [];
  }

  /** The configuration as JSON; an optional secret makes it a choice between the JSON with and without it. */
  private serialised(config: FunctionConfig, optional: readonly OptionalSecret[]): string {
    const [first, ...rest] = optional;
    if (!first) return Stack.of(this).toJsonString(config);
    const { [first.name]: _left, ...without } = config.secrets;
    return Fn.conditionIf(first.given.logicalId, this.serialised(config, rest), this.serialised({ ...config, secrets: without }, rest)).toString();
  }

  /** Grants the access the topology names and records the table's name. */
  bindTable(table: ITable, name: TableName, access: Access): void {
    if (access === 'read') table.grantReadData(this.fn);
    else table.grantReadWriteData(this.fn);
    this.use('tables', { [name]: table.tableName });

    const cfn = table.node.defaultChild as CfnTable | undefined;
    if (cfn && (tables[name] as TableSpec).indexes) {
      // The finding names the table by logical id, so the acknowledgement has to as well.
      const logicalId = Stack.of(table).resolve(cfn.logicalId) as string;
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
        reason: `The ${name} table's grant covers its own indexes (${name}/index/*), nothing beyond that table.`,
      });
    }
    if (table.encryptionKey && access === 'readwrite') {
      for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: `Writing the customer-key encrypted ${name} table needs the ${action} family, scoped to that one key.`,
        });
      }
    }
  }

  /** Grants send on the queue and records its URL. */
  bindQueue(queue: IQueue, name: QueueName): void {
    queue.grantSendMessages(this.fn);
    this.use('queues', { [name]: queue.queueUrl });
  }
}
