// The fixed monthly cost of an idle deployment, read off the synthesized CloudFormation template:
// every resource that bills by the month whether or not anything happens (keys, alarms,
// dashboards, stored participants and their backups, the queue pollers), priced with the price
// table. Anything always-on (a NAT gateway, provisioned concurrency or capacity, servers) is
// refused outright by `alwaysOn`: the design allows none.
import type { PriceTable } from './prices';

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
}

export interface IdleAssumptions {
  /** Bytes a participant takes in DynamoDB: its item, its geo index entry and its usage state, with DynamoDB's 100-byte overhead each. */
  readonly bytesPerParticipant: number;
  /** Lambda keeps polling an idle SQS queue: pollers per event source mapping, each a 20-second long poll. */
  readonly pollersPerQueueMapping: number;
  /** Log data kept at rest while idle (start-up lines, alarms): GB. */
  readonly idleLogGb: number;
}

export const DEFAULT_ASSUMPTIONS: Omit<IdleAssumptions, 'bytesPerParticipant'> = { pollersPerQueueMapping: 5, idleLogGb: 0.01 };

const SECONDS_PER_MONTH = 30 * 86_400;
const GB = 1024 ** 3;

/** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers ~1 byte per 2 digits). */
export function dynamoItemBytes(item: Readonly<Record<string, unknown>>): number {
  const value = (v: unknown): number => {
    if (v === undefined) return 0;
    if (typeof v === 'string') return Buffer.byteLength(v);
    if (typeof v === 'number') return 1 + Math.ceil(String(Math.abs(v)).replace(/[.-]/g, '').replace(/^0+/, '').length / 2);
    if (typeof v === 'boolean' || v === null) return 1;
    if (Array.isArray(v)) return 3 + v.reduce((s: number, x) => s + 1 + value(x), 0);
    if (typeof v === 'object') return 3 + Object.entries(v as Record<string, unknown>).reduce((s, [k, x]) => s + (x === undefined ? 0 : Buffer.byteLength(k) + 1 + value(x)), 0);
    return 0;
  };
  return Object.entries(item).reduce((s, [k, v]) => s + (v === undefined ? 0 : Buffer.byteLength(k) + value(v)), 0);
}

/** Resources that cost money every hour they exist; an idle Burgernet must have none. */
export function alwaysOn(resources: Readonly<Record<string, TemplateResource>>): string[] {
  const found: string[] = [];
  const ALWAYS_ON = new Set([
    'AWS::EC2::NatGateway',
    'AWS::EC2::Instance',
    'AWS::EC2::VPCEndpoint',
    'AWS::AutoScaling::AutoScalingGroup',
    'AWS::ECS::Service',
    'AWS::EKS::Cluster',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBCluster',
    'AWS::ElastiCache::CacheCluster',
    'AWS::ElastiCache::ReplicationGroup',
    'AWS::OpenSearchService::Domain',
    'AWS::Elasticsearch::Domain',
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    'AWS::Kinesis::Stream',
    'AWS::MSK::Cluster',
    'AWS::Redshift::Cluster',
  ]);
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    if (ALWAYS_ON.has(r.Type)) found.push(`${id}: ${r.Type}`);
    if ((r.Type === 'AWS::Lambda::Alias' || r.Type === 'AWS::Lambda::Version') && p.ProvisionedConcurrencyConfig) found.push(`${id}: provisioned concurrency`);
    if (r.Type === 'AWS::DynamoDB::Table' || r.Type === 'AWS::DynamoDB::GlobalTable') {
      const indexes = (p.GlobalSecondaryIndexes as { ProvisionedThroughput?: unknown }[] | undefined) ?? [];
      if (p.BillingMode !== 'PAY_PER_REQUEST' || p.ProvisionedThroughput || indexes.some((i) => i.ProvisionedThroughput)) found.push(`${id}: provisioned DynamoDB capacity`);
    }
  }
  return found;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly monthly: number;
  /** The same after AWS's always-free tier (10 alarms, 3 dashboards, 25 GB DynamoDB, 1M SQS requests). */
  readonly afterFreeTier: number;
}

export interface IdleCost {
  readonly participants: number;
  readonly lines: readonly CostLine[];
  readonly total: number;
  readonly totalAfterFreeTier: number;
  /** Resources billed only per use, which cost nothing idle. */
  readonly perUse: Readonly<Record<string, number>>;
  readonly alwaysOn: readonly string[];
}

export function idleMonthlyCost(resources: Readonly<Record<string, TemplateResource>>, participants: number, prices: PriceTable, assumptions: IdleAssumptions): IdleCost {
  const count = (type: string) => Object.values(resources).filter((r) => r.Type === type).length;
  const tables = Object.values(resources).filter((r) => r.Type === 'AWS::DynamoDB::Table');
  const pitr = tables.filter((t) => (t.Properties?.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined)?.PointInTimeRecoveryEnabled).length > 0;
  const mappings = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping').length;
  const storageGb = (participants * assumptions.bytesPerParticipant) / GB;
  const pollRequests = mappings * assumptions.pollersPerQueueMapping * (SECONDS_PER_MONTH / 20);
  const f = prices.fixed;
  const a = prices.aws;
  const line = (item: string, quantity: number, unit: string, unitPrice: number, free = 0): CostLine => ({
    item,
    quantity,
    unit,
    unitPrice,
    monthly: quantity * unitPrice,
    afterFreeTier: Math.max(0, quantity - free) * unitPrice,
  });
  const alarms = count('AWS::CloudWatch::Alarm');
  const dashboards = count('AWS::CloudWatch::Dashboard');
  const lines = [
    line('KMS customer-managed keys', count('AWS::KMS::Key'), 'key', f.kmsKeyPerMonth),
    line('CloudWatch alarms', alarms, 'alarm', f.cloudwatchAlarmPerMonth, 10),
    line('CloudWatch dashboards', dashboards, 'dashboard', f.cloudwatchDashboardPerMonth, 3),
    line('Secrets Manager secrets in the template', count('AWS::SecretsManager::Secret'), 'secret', f.secretPerMonth),
    line(`DynamoDB storage for ${participants.toLocaleString('en-US')} participants`, storageGb, 'GB', a.dynamoPerGbMonth, 25),
    ...(pitr ? [line('DynamoDB point-in-time recovery of that storage', storageGb, 'GB', f.dynamoPitrPerGbMonth)] : []),
    line(`SQS long polls of ${mappings} idle queue triggers`, pollRequests / 1e6, 'million requests', a.sqsPerMillionRequests, 1),
    line(`CloudWatch Logs at rest (${count('AWS::Logs::LogGroup')} log groups)`, assumptions.idleLogGb, 'GB', f.logsStoragePerGbMonth, 5),
  ];
  const perUse: Record<string, number> = {};
  for (const type of ['AWS::Lambda::Function', 'AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::ApiGatewayV2::Api', 'AWS::SNS::Topic', 'AWS::Location::GeofenceCollection', 'AWS::Location::Tracker', 'AWS::S3::Bucket']) {
    const n = count(type);
    if (n > 0) perUse[type] = n;
  }
  return {
    participants,
    lines,
    total: lines.reduce((s, l) => s + l.monthly, 0),
    totalAfterFreeTier: lines.reduce((s, l) => s + l.afterFreeTier, 0),
    perUse,
    alwaysOn: alwaysOn(resources),
  };
}
