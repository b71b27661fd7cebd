// Actions as the lifecycle leaves them, built directly, for the public feed, CAP, Atom and
// webhook tests. They carry personal data on purpose (operator ids, a name, a licence plate) so
// the tests can check none of it reaches the public.
import type { Action, Bulletin } from '#shared/domain/action';
import type { Area } from '#shared/domain/area';

export const PERSONAL = ['op-alice-7f3e', 'op-bob-91c2', 'Jan Jansen', '12-ABC-3', '+31612345678'] as const;
export const HOSTILE = 'Let op: <script>alert("x")</script> & ]]> \'quote\' \u0001\u0008\uFFFE einde';
export const BASE = { baseUrl: 'https://feed.burgernet.test' } as const;

/** Precise on purpose: the public must see three decimals. */
export const CIRCLE: Area = { center: { lat: 52.0907123, lon: 5.1214567 }, radiusMeters: 1234.5 };
export const POLYGON: Area = {
  type: 'Polygon',
  coordinates: [[[4.2812345, 52.0701234], [4.3198765, 52.0704321], [4.3201111, 52.0898888], [4.2809999, 52.0901234], [4.2812345, 52.0701234]]],
};

const ID = 'act_0b7e3a2c-5d1f-4c8e-9a6b-1f2e3d4c5b6a';

export function alerted(over: Partial<Action> = {}): Action {
  const at = over.createdAt ?? '2026-11-29T10:15:30.123Z';
  const area = over.area ?? CIRCLE;
  const bulletin: Bulletin = {
    seq: 0,
    kind: 'alert',
    at,
    by: PERSONAL[0],
    channels: ['sms', 'voice'],
    messages: { sms: `Burgernet: gezocht man. Tip? Bel 0800-0011`, voice: 'Dit is Burgernet.' },
    text: 'Man, 1.85 m, donkere jas, vlucht richting station',
    area,
    dispatchedAt: at,
  };
  return {
    id: ID,
    type: 'heterdaad',
    title: 'Overval juwelier',
    description: { text: bulletin.text, person: { name: PERSONAL[2], height: '1.85 m' }, vehicle: { licensePlate: PERSONAL[3], color: 'rood' } },
    area,
    channels: ['sms', 'voice'],
    messages: bulletin.messages,
    exercise: false,
    status: 'active',
    createdAt: at,
    createdBy: PERSONAL[0],
    bulletins: [bulletin],
    rev: 1,
    ...over,
  };
}

function follow(a: Action, b: Omit<Bulletin, 'seq' | 'by' | 'channels' | 'messages'>, changes: Partial<Action> = {}): Action {
  const bulletin: Bulletin = { seq: a.bulletins.length, by: PERSONAL[1], channels: a.channels, messages: { sms: `${b.text}`, voice: b.text }, dispatchedAt: b.at, ...b };
  return { ...a, ...(b.area ? { area: b.area } : {}), ...changes, bulletins: [...a.bulletins, bulletin], rev: a.rev + 1 };
}

export const updated = (a: Action, text: string, at: string, area?: Area) => follow(a, { kind: 'update', text, at, ...(area ? { area } : {}) });
export const ended = (a: Action, text: string, at: string) => follow(a, { kind: 'end', text, at, outcome: 'aangehouden' }, { status: 'ended', endedAt: at, outcome: 'aangehouden' });
export const cancelled = (a: Action, text: string, at: string) => follow(a, { kind: 'cancel', text, at }, { status: 'cancelled', endedAt: at });
