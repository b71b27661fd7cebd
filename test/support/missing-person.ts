// The missing-person action the delivery tests send: SMS and voice (unless told otherwise) over a
// circle, worded like a real one so the messages fit a single SMS segment.
import type { Channel } from '#infra/topology';

export const UTRECHT = { lat: 52.0907, lon: 5.1214 };

export function missingPersonAction(options: { center?: { lat: number; lon: number }; radiusMeters?: number; channels?: readonly Channel[] } = {}) {
  return {
    type: 'vermissing',
    title: 'Vermiste man',
    description: { text: 'Man, 75 jaar, blauwe jas' },
    area: { center: options.center ?? UTRECHT, radiusMeters: options.radiusMeters ?? 1500 },
    channels: options.channels ?? ['sms', 'voice'],
    messages: { sms: 'Burgernet: vermiste man, 75 jaar, blauwe jas. Gezien? Bel 0800-0011', voice: 'Dit is Burgernet. De politie zoekt een man van vijfenzeventig jaar.' },
  };
}
