// push sender: delivers push chunks from the push queue.
import { senderHandler } from './send-chunk';

export const handler = senderHandler('push');
