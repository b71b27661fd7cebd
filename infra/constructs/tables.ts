// The DynamoDB tables of the topology: on-demand, point-in-time recovery, personal data under our own key.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { type TableName, type TableSpec, tables } from '#infra/topology';
import { entries, pascal } from './names';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

const projection = (p: NonNullable<TableSpec['indexes']>[string]['projection']) =>
  p === 'all'
    ? { projectionType: ProjectionType.ALL }
    : p === 'keys'
      ? { projectionType: ProjectionType.KEYS_ONLY }
      : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...p] };

export class Tables extends Construct {
  /** Encrypts the tables that hold phone numbers, addresses and positions; rotated yearly. */
  readonly personalDataKey: Key;
  private readonly byName: Record<TableName, Table>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.personalDataKey = new Key(this, 'PersonalDataKey', {
      description: 'Burgernet: tables with personal data (participants)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const byName: Partial<Record<TableName, Table>> = {};
    for (const [name, spec] of entries<TableName, TableSpec>(tables)) {
      const table = new Table(this, pascal(name), {
        partitionKey: stringKey(spec.partitionKey),
        sortKey: spec.sortKey ? stringKey(spec.sortKey) : undefined,
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: spec.ttlAttribute,
        ...(spec.personal
          ? {
              encryption: TableEncryption.CUSTOMER_MANAGED,
              encryptionKey: this.personalDataKey,
              deletionProtection: true,
              removalPolicy: RemovalPolicy.RETAIN,
            }
          : { encryption: TableEncryption.AWS_MANAGED }),
      });
      for (const [indexName, index] of Object.entries(spec.indexes ?? {})) {
        table.addGlobalSecondaryIndex({
          indexName,
          partitionKey: stringKey(index.partitionKey),
          sortKey: index.sortKey ? stringKey(index.sortKey) : undefined,
          ...projection(index.projection),
        });
      }
      byName[name] = table;
    }
    this.byName = byName as Record<TableName, Table>;
  }

  table(name: TableName): Table {
    return this.byName[name];
  }
}
