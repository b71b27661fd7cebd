// Geofence events (Amazon Location → EventBridge → the geofence queue; locally the geofence
// engine): a device that enters an active action's area gets the alert, once.
import { geofenceEventSchema, handleEnter } from '#shared/domain/geofences';
import { sqsHandler } from '#shared/runtime/sqs-handler';
import { positionTtlMs } from '#shared/runtime/wiring';
import { logger } from '#shared/runtime/logger';

export const handler = sqsHandler(
  'geofenceEnter',
  geofenceEventSchema,
  (w) => ({ actions: w.stores.actions, devices: w.stores.devices, deliveries: w.stores.deliveries, queue: w.queue, clock: w.clock, positionTtlMs: positionTtlMs(w) }),
  async (event, deps) => {
    const result = await handleEnter(deps, event);
    // Ids and the outcome only; the event's position is personal data.
    logger.info('geofence event handled', { actionId: event.detail.GeofenceId, deviceId: event.detail.DeviceId, ...result });
  },
);
