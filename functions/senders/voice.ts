// voice sender: delivers voice chunks from the voice queue.
import { senderHandler } from './send-chunk';

export const handler = senderHandler('voice');
