// Demo participants for `npm start`: a fixed-seed crowd around Utrecht and Amsterdam, so the
// printed example action always reaches the same people.
import type { Participant, ParticipantStore } from '#shared/ports/participant-store';
import type { Channel } from '#shared/domain/vocabulary';

export const DEMO_CITIES = [
  { name: 'Utrecht', code: 'GM0344', lat: 52.0907, lon: 5.1214, share: 0.5, sigmaKm: 3.5 },
  { name: 'Amsterdam', code: 'GM0363', lat: 52.3728, lon: 4.8936, share: 0.5, sigmaKm: 4.5 },
] as const;

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
export const gaussian = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

export function demoParticipants(count: number, seed = 20201): Participant[] {
  const random = seededRandom(seed);
  const now = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const out: Participant[] = [];
  for (let i = 0; i < count; i++) {
    const city = random() < DEMO_CITIES[0].share ? DEMO_CITIES[0] : DEMO_CITIES[1];
    const lat = city.lat + (gaussian(random) * city.sigmaKm) / 111.2;
    const lon = city.lon + (gaussian(random) * city.sigmaKm) / (111.2 * Math.cos((city.lat * Math.PI) / 180));
    const r = random();
    const channels: Channel[] = r < 0.55 ? ['sms', 'voice'] : r < 0.8 ? ['sms'] : r < 0.9 ? ['voice'] : ['push'];
    if (channels[0] !== 'push' && random() < 0.25) channels.push('push');
    const n = String(i).padStart(8, '0');
    out.push({
      id: `demo_${n}`,
      phone: channels.includes('sms') || channels.includes('voice') ? `+316${n}` : undefined,
      push: channels.includes('push') ? { platform: random() < 0.5 ? 'ios' : 'android', endpoint: `local-device-${n}` } : undefined,
      channels,
      lat: Math.round(lat * 1e6) / 1e6,
      lon: Math.round(lon * 1e6) / 1e6,
      municipalityCode: city.code,
      language: random() < 0.9 ? 'nl' : 'en',
      status: 'active',
      exerciseOptIn: random() < 0.3,
      updatedAt: now,
    });
  }
  return out;
}

/** `phoneKey` hashes the demo numbers as a sign-up would, so STOP and sign-up find them. */
export async function seedDemo(store: ParticipantStore, count: number, phoneKey?: (e164: string) => string): Promise<void> {
  const all = demoParticipants(count).map((p) => (phoneKey && p.phone ? { ...p, phoneKey: phoneKey(p.phone) } : p));
  const groups: Participant[][] = [];
  for (let i = 0; i < all.length; i += 500) groups.push(all.slice(i, i + 500));
  for (let i = 0; i < groups.length; i += 4) await Promise.all(groups.slice(i, i + 4).map((g) => store.putMany(g)));
}
