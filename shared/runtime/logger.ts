// Structured JSON logs (Powertools). Log ids and counts, never phone numbers, tokens or positions.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'burgernet' });
