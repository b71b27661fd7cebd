// The local world's own tables (queue messages, outbox), beside the topology's tables.
export const LOCAL_QUEUE_TABLE = '_local_queue';
export const LOCAL_OUTBOX_TABLE = '_local_outbox';
/** The local stand-in for SNS's endpoint registry: endpoint → device, never the push token. */
export const LOCAL_PUSH_ENDPOINTS_TABLE = '_local_push_endpoints';
