// The missing-person action the delivery tests send: SMS and voice (unless told otherwise) over a
// circle, worded like a real one so the messages fit a single SMS segment.
import type { Channel } from '#infra/topology';
import { signToken } from '#shared/local/keys';
import { call } from './http';

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

/** An operator starts the default missing-person action on a local runtime; its id and the operator's token. */
export async function startMissingPersonAction(url: string, keyDir: string): Promise<{ id: string; token: string }> {
  const token = await signToken(keyDir, { role: 'operator' });
  const res = await call<{ id: string }>(url, 'POST', '/actions', { token, body: missingPersonAction() });
  if (res.status !== 201) throw new Error(`POST /actions answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, token };
}
