// `node --import tsx bench/action-cost.ts [--recipients 10000] [--channels sms] [--rate 20]`
//
// What one action costs, measured: seeds `--recipients` participants inside a 2.5 km circle
// around Utrecht (municipality by the fixture's boundaries), runs an action on the local runtime
// with the senders paced at `--rate` messages a second per instance (20 is what the deployed SMS
// sender gets: 100 parts/s over 5 instances; locally one pacer serves all of a channel's pollers,
// so it is set to rate × maxConcurrency), and prints GET /actions/{id}/cost: the messages as
// the providers bill them and the AWS requests counted for the action. Writes
// bench/results/action-cost-latest.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { functions } from '#infra/topology';
import { channels as allChannels, type Channel } from '#shared/domain/vocabulary';
import { quietLocalSdk } from '#shared/config/environment';
import { startRuntime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';
import { seededRandom } from '#shared/local/seed';
import { fixtureMunicipalities } from '#shared/local/municipality-fixture';
import { municipalityLocator } from '#shared/domain/municipality-locator';
import type { Participant } from '#shared/ports/participant-store';

quietLocalSdk('WARN');

const { values: args } = parseArgs({ options: { recipients: { type: 'string', default: '10000' }, channels: { type: 'string', default: 'sms' }, rate: { type: 'string', default: '20' } } });
const recipients = Number(args.recipients);
const chosen = args.channels.split(',').filter((c): c is Channel => (allChannels as readonly string[]).includes(c));
const UTRECHT = { lat: 52.0907, lon: 5.1214 };
const RADIUS_M = 2500;

const dir = mkdtempSync(join(tmpdir(), 'burgernet-action-cost-'));
// One local pacer per channel stands for all its instances: give it the rate of all of them.
const instances = Math.max(...chosen.map((c) => ({ sms: functions.sendSms, voice: functions.sendVoice, push: functions.sendPush })[c].trigger.maxConcurrency));
const rt = await startRuntime({ keyDir: dir, seed: 0, storeProcess: true, visibilityScale: 1, idleMs: 200, sendRatePerSecond: Number(args.rate) * instances });
try {
  const locate = municipalityLocator(fixtureMunicipalities().map((m) => ({ code: m.code, geometry: m.boundary })));
  const random = seededRandom(10_000);
  const people: Participant[] = Array.from({ length: recipients }, (_, i) => {
    // Uniform in the circle, 5 % inside the rim so the exact test keeps everyone.
    const r = 0.95 * RADIUS_M * Math.sqrt(random());
    const a = 2 * Math.PI * random();
    const lat = UTRECHT.lat + (r * Math.cos(a)) / 111_195;
    const lon = UTRECHT.lon + (r * Math.sin(a)) / (111_195 * Math.cos((UTRECHT.lat * Math.PI) / 180));
    const code = locate(lat, lon);
    return {
      id: `ac_${String(i).padStart(6, '0')}`,
      phone: `+3165${String(i).padStart(7, '0')}`,
      ...(chosen.includes('push') ? { push: { platform: 'android' as const, endpoint: `local-device-ac${i}` } } : {}),
      channels: chosen,
      lat,
      lon,
      ...(code ? { municipalityCode: code } : {}),
      language: 'nl',
      status: 'active',
      exerciseOptIn: false,
      updatedAt: new Date().toISOString(),
    };
  });
  for (let i = 0; i < people.length; i += 500) await rt.world.stores.participants.putMany(people.slice(i, i + 500));
  const token = await signToken(dir, { role: 'operator', sub: 'bench' });
  const started = performance.now();
  const created = await fetch(`${rt.url}/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'heterdaad',
      title: 'Overval juwelier Oudegracht',
      description: { text: 'Man, 1.85 m, donkere jas' },
      area: { center: UTRECHT, radiusMeters: RADIUS_M },
      channels: chosen,
      messages: {
        sms: 'Burgernet: overval Oudegracht Utrecht. Gezocht: man, 1.85 m, donkere jas. Gezien? Bel 0800-0011.',
        voice: 'Dit is Burgernet. Bij een overval aan de Oudegracht zoekt de politie een man met een donkere jas.',
        push: { title: 'Burgernet: overval Utrecht', body: 'Gezocht: man, 1.85 m, donkere jas.' },
      },
    }),
  });
  const { id } = (await created.json()) as { id: string };
  await rt.pollers.idle();
  const seconds = (performance.now() - started) / 1000;
  const cost = (await (await fetch(`${rt.url}/actions/${id}/cost`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    messages: Record<string, unknown> & { total: number };
    infrastructure: { exact: number; invocations: number; lambda: unknown; dynamodb: unknown; sqs: unknown; byFunction: Record<string, number> };
    total: number;
    byMunicipality: { municipalityCode: string; messagesSent: number }[];
  };
  const infra = cost.infrastructure;
  console.log(`${recipients.toLocaleString('en-US')} recipients on ${chosen.join(', ')}, delivered in ${seconds.toFixed(0)} s (senders paced at ${args.rate}/s per instance)`);
  console.log(`  messages:        $${cost.messages.total.toFixed(2)}  ${JSON.stringify({ sms: cost.messages.sms, voice: cost.messages.voice, push: cost.messages.push })}`);
  console.log(`  infrastructure:  $${infra.exact.toFixed(4)}  (${infra.invocations} metered queue records)`);
  console.log(`    lambda ${JSON.stringify(infra.lambda)}\n    dynamodb ${JSON.stringify(infra.dynamodb)}\n    sqs ${JSON.stringify(infra.sqs)}`);
  console.log(`    by function ${JSON.stringify(infra.byFunction)}`);
  console.log(`  total:           $${(cost.messages.total + infra.exact).toFixed(2)}`);
  console.log(`  by municipality: ${cost.byMunicipality.map((m) => `${m.municipalityCode} ${m.messagesSent}`).join(', ')}`);
  const out = resolve(dirname(fileURLToPath(import.meta.url)), 'results', 'action-cost-latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ recipients, channels: chosen, ratePerInstance: Number(args.rate), seconds: Math.round(seconds), cost }, null, 2)}\n`);
} finally {
  await rt.stop();
  rmSync(dir, { recursive: true, force: true });
}
