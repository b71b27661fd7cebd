// Geofence events (Amazon Location → EventBridge → the geofence queue; locally the geofence
// engine): a device that enters an active action's area gets the alert, once.
import { geofenceEventSchema, handleEnter } from '#shared/domain/geofences';
import { positionTtlMs } from '#shared/domain/devices';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { actionStore, clock, deliveryStore, deviceStore, queue } from '#shared/runtime/deps';
import { logger } from '#shared/runtime/logger';

export const handler = sqsHandler(geofenceEventSchema, async (event) => {
  const result = await handleEnter(
    { actions: actionStore(), devices: deviceStore(), deliveries: deliveryStore(), queue: queue(), clock: clock(), positionTtlMs: positionTtlMs(process.env) },
    event,
  );
  // Ids and the outcome only; the event's position is personal data.
  logger.info('geofence event handled', { actionId: event.detail.GeofenceId, deviceId: event.detail.DeviceId, ...result });
});
