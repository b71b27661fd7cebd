// The AWS world's adapters for the app: SNS platform endpoints, the Amazon Location tracker and
// geofence collection, and the tip photo bucket. Names come from the environment the stack sets.
import { SNSClient } from '@aws-sdk/client-sns';
import { LocationClient } from '@aws-sdk/client-location';
import { S3Client } from '@aws-sdk/client-s3';
import { SnsPushRegistry } from '#shared/adapters/aws/sns-push-registry';
import { LocationPositionTracker } from '#shared/adapters/aws/location-tracker';
import { LocationGeofenceRegistry } from '#shared/adapters/aws/location-geofences';
import { S3PhotoStore } from '#shared/adapters/aws/s3-photo-store';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export const awsPushRegistry = () =>
  new SnsPushRegistry(new SNSClient({}), { ios: process.env.APNS_PLATFORM_APPLICATION_ARN, android: process.env.FCM_PLATFORM_APPLICATION_ARN });
export const awsPositionTracker = () => new LocationPositionTracker(new LocationClient({}), required('TRACKER_NAME'));
export const awsGeofences = () => new LocationGeofenceRegistry(new LocationClient({}), required('GEOFENCE_COLLECTION_NAME'));
export const awsPhotoStore = () => new S3PhotoStore(new S3Client({}), required('BUCKET_TIP_PHOTOS'));
