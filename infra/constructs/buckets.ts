// The S3 buckets of the topology (tip photos): private, encrypted with the personal-data key,
// TLS only, objects expiring after the topology's days. Functions get object-level calls only,
// for the presigned URLs they hand out.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type BucketName, type BucketSpec, buckets } from '#infra/topology';
import type { BurgernetFunction } from './function';
import { entries, pascal } from './names';

export interface BucketsProps {
  /** The customer-managed key of personal data (the participants table's). */
  readonly key: IKey;
}

export class Buckets extends Construct {
  private readonly byName: Record<BucketName, Bucket>;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, { key }: BucketsProps) {
    super(scope, id);
    this.key = key;
    const byName: Partial<Record<BucketName, Bucket>> = {};
    for (const [name, spec] of entries<BucketName, BucketSpec>(buckets)) {
      const bucket = new Bucket(this, pascal(name), {
        encryption: BucketEncryption.KMS,
        encryptionKey: key,
        // One data key per bucket instead of a KMS call per photo.
        bucketKeyEnabled: true,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        enforceSSL: true,
        lifecycleRules: [{ expiration: Duration.days(spec.expireDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'Server access logs would record the IP address of every app user who uploads a tip photo; objects are reached only through presigned URLs that Lambdas mint, and those calls are traced.',
      });
      byName[name] = bucket;
    }
    this.byName = byName as Record<BucketName, Bucket>;
  }

  bucket(name: BucketName): Bucket {
    return this.byName[name];
  }

  /** `put`: presigned uploads (PutObject, and the key to encrypt); `read`: presigned downloads. Records the bucket's name. */
  grant(fn: BurgernetFunction, name: BucketName, access: 'put' | 'read'): void {
    const bucket = this.byName[name];
    const [action, kms] = access === 'put' ? ['s3:PutObject', 'kms:GenerateDataKey'] : ['s3:GetObject', 'kms:Decrypt'];
    fn.fn.addToRolePolicy(new PolicyStatement({ actions: [action], resources: [bucket.arnForObjects('*')] }));
    fn.fn.addToRolePolicy(new PolicyStatement({ actions: [kms], resources: [this.key.keyArn] }));
    fn.use('buckets', { [name]: bucket.bucketName });
    // The finding names the bucket by logical id, so the acknowledgement has to as well.
    const logicalId = Stack.of(bucket).resolve((bucket.node.defaultChild as CfnBucket).logicalId) as string;
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/*]`,
      reason: `Photos are objects under the ${name} bucket with keys made per tip at run time; the grant is ${action} on that one bucket's objects only.`,
    });
  }
}
