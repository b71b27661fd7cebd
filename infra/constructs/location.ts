// Amazon Location for the app: a tracker for device positions, a geofence collection with one
// geofence per active action, the two linked so each position update is evaluated against every
// geofence, and an EventBridge rule that puts ENTER events on the geofence queue.
import { Stack } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnGeofenceCollection, CfnTracker, CfnTrackerConsumer } from 'aws-cdk-lib/aws-location';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '#infra/topology';
import type { BurgernetFunction } from './function';

type Use = NonNullable<FunctionSpec['location']>[number];

export interface LocationProps {
  /** Where ENTER events go (the topology's geofence queue). */
  readonly enterQueue: IQueue;
}

export class Location extends Construct {
  readonly tracker: CfnTracker;
  readonly geofences: CfnGeofenceCollection;
  readonly enterRule: Rule;

  constructor(scope: Construct, id: string, { enterQueue }: LocationProps) {
    super(scope, id);
    const prefix = Stack.of(this).stackName;
    this.geofences = new CfnGeofenceCollection(this, 'ActionGeofences', {
      collectionName: `${prefix}-actions`,
      description: 'Burgernet: one geofence per active action with push (id = action id)',
    });
    this.tracker = new CfnTracker(this, 'Devices', {
      trackerName: `${prefix}-devices`,
      description: 'Burgernet: the last position of app devices, evaluated against the action geofences',
      // Fixes less than 30 m apart are neither stored nor evaluated: less history, fewer evaluations.
      positionFiltering: 'DistanceBased',
    });
    const link = new CfnTrackerConsumer(this, 'DevicesToGeofences', { trackerName: this.tracker.trackerName, consumerArn: this.geofences.attrArn });
    link.node.addDependency(this.tracker);

    this.enterRule = new Rule(this, 'GeofenceEnter', {
      description: 'Amazon Location ENTER events of the action geofences, to the geofence queue',
      eventPattern: {
        source: ['aws.geo'],
        detailType: ['Location Geofence Event'],
        resources: [this.geofences.attrArn],
        detail: { EventType: ['ENTER'] },
      },
      // The target adds a queue policy statement for events.amazonaws.com, limited to this rule.
      targets: [new SqsQueue(enterQueue)],
    });
  }

  /** Grants exactly the calls the topology's `location` entry names, on these resources only, and records their names. */
  grant(fn: BurgernetFunction, uses: readonly Use[]): void {
    for (const use of uses) {
      switch (use) {
        case 'track':
        case 'forget':
          fn.fn.addToRolePolicy(
            new PolicyStatement({ actions: [use === 'track' ? 'geo:BatchUpdateDevicePosition' : 'geo:BatchDeleteDevicePositionHistory'], resources: [this.tracker.attrArn] }),
          );
          fn.use('location', { trackerName: this.tracker.trackerName });
          break;
        case 'geofences':
          fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['geo:PutGeofence', 'geo:BatchDeleteGeofence'], resources: [this.geofences.attrArn] }));
          fn.use('location', { geofenceCollectionName: this.geofences.collectionName });
          break;
      }
    }
  }
}
