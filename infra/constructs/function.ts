// One Lambda function of the topology, with the house defaults every handler shares.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { CfnTable, ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bindWebhook, WEBHOOK_QUEUE } from './webhook';
import { type Access, type FunctionName, type FunctionSpec, type QueueName, type TableName, type TableSpec, queueEnv, tableEnv, tables } from '#infra/topology';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * nodejs24.x: cdk-nag's LambdaLatestVersion (L1) only accepts the newest Node runtime CDK knows.
 * The bundle targets node22, so stepping back to nodejs22.x needs no other change.
 */
export const RUNTIME = Runtime.NODEJS_24_X;

/** Injected at the top of every ESM bundle: some bundled CommonJS dependencies call require(). */
const REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface BurgernetFunctionProps {
  readonly name: FunctionName;
  readonly spec: FunctionSpec;
}

export class BurgernetFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly name: FunctionName;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, { name, spec }: BurgernetFunctionProps) {
    super(scope, id);
    this.name = name;
    this.spec = spec;

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
      memorySize: spec.memoryMb ?? 512,
      timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'burgernet',
        BURGERNET_WORLD: 'aws',
        NODE_OPTIONS: '--enable-source-maps',
        ...spec.env,
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

    if (spec.trigger.type === 'sqs' && spec.trigger.queue === WEBHOOK_QUEUE) bindWebhook(this);

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions; test/infra/nag.test.ts checks no other statement uses "*".',
    });
  }

  /** Grants the access the topology names and hands the table name over in tableEnv(name). */
  bindTable(table: ITable, name: TableName, access: Access): void {
    if (access === 'read') table.grantReadData(this.fn);
    else table.grantReadWriteData(this.fn);
    this.fn.addEnvironment(tableEnv(name), table.tableName);

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

  /** Grants send on the queue and hands its URL over in queueEnv(name). */
  bindQueue(queue: IQueue, name: QueueName): void {
    queue.grantSendMessages(this.fn);
    this.fn.addEnvironment(queueEnv(name), queue.queueUrl);
  }
}
