// sms sender: delivers sms chunks from the sms queue.
import { senderHandler } from './send-chunk';

export const handler = senderHandler('sms');
