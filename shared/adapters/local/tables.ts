// The local world's own tables (queue messages, outbox), beside the topology's tables.
export const LOCAL_QUEUE_TABLE = '_local_queue';
export const LOCAL_OUTBOX_TABLE = '_local_outbox';
